using FlashSale.Contracts.Purchases;
using FlashSale.Order.Data;
using FlashSale.Order.Saga;
using FlashSale.ServiceDefaults.Inbox;
using FlashSale.ServiceDefaults.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlashSale.Order.Purchases;

/// <summary>
/// Turns an admitted reservation into an order awaiting payment and starts its saga (commit the stock).
/// Delivered at least once, and inventory's relay may re-send it under a new message id after a
/// crash, so the order id — not only the inbox — decides whether it is new.
/// </summary>
public sealed class PurchaseReservedConsumer(OrderDbContext db, TimeProvider time, IOptions<OrderSagaOptions> options, OrderMetrics metrics)
    : IConsumer<PurchaseReserved>
{
    public Task Consume(ConsumeContext<PurchaseReserved> context) =>
        db.ConsumeOnceAsync(context, nameof(PurchaseReservedConsumer), time, async ct =>
        {
            var reserved = context.Message;
            if (await db.Orders.AnyAsync(o => o.Id == reserved.OrderId, ct))
            {
                return;
            }

            var now = time.GetUtcNow();
            var (order, commands) = OrderSaga.Create(reserved, options.Value.PaymentWindow, now);
            db.Orders.Add(order);
            foreach (var command in commands)
            {
                db.AddToOutbox(command.Message, command.Destination, now);
            }

            metrics.Created();
        });
}

public sealed class PurchaseReservedConsumerDefinition : ConsumerDefinition<PurchaseReservedConsumer>
{
    public PurchaseReservedConsumerDefinition() => EndpointName = PurchaseQueues.OrderPurchaseReserved;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<PurchaseReservedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Bounded retries (a concurrent copy of the same reservation loses on the primary key and is retried
        // as a duplicate), then the _error queue for operators; never acked before handling.
        endpointConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
    }
}

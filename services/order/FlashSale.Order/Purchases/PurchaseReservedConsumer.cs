using FlashSale.Contracts.Purchases;
using FlashSale.Order.Data;
using FlashSale.Order.Orders;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Order.Purchases;

/// <summary>
/// Turns an admitted reservation into an order. Delivered at least once: the insert is keyed by the
/// order id and ignores a second delivery, so a redelivered or re-sent message has no second effect.
/// </summary>
public sealed class PurchaseReservedConsumer(OrderDbContext db) : IConsumer<PurchaseReserved>
{
    public async Task Consume(ConsumeContext<PurchaseReserved> context)
    {
        var m = context.Message;
        var amount = decimal.Round(m.UnitPrice * m.Quantity, 2);
        var status = nameof(OrderStatus.Pending);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO orders (id, sale_id, user_id, quantity, amount, status, created_at)
            VALUES ({m.OrderId}, {m.SaleId}, {m.UserId}, {m.Quantity}, {amount}, {status}, {m.ReservedAt})
            ON CONFLICT (id) DO NOTHING
            """, context.CancellationToken);
    }
}

public sealed class PurchaseReservedConsumerDefinition : ConsumerDefinition<PurchaseReservedConsumer>
{
    public PurchaseReservedConsumerDefinition() => EndpointName = PurchaseQueues.OrderPurchaseReserved;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<PurchaseReservedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Bounded retries, then the message lands in the _error queue for operators; never acked before handling.
        endpointConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
    }
}

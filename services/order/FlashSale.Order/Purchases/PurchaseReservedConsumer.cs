using FlashSale.Contracts.Purchases;
using FlashSale.Messaging.Bundles;
using FlashSale.Messaging.Bus;
using FlashSale.Messaging.Inbox;
using FlashSale.Order.Data;
using MassTransit;

namespace FlashSale.Order.Purchases;

/// <summary>
/// Turns admitted reservations into orders awaiting payment, in batches (<see cref="OrderCreation"/>).
/// Delivered at least once, and inventory's relay may re-send one under a new message id after a crash,
/// so the order id — not only the inbox — decides whether it is new.
/// </summary>
public sealed class PurchaseReservedConsumer(InboxBatcher<OrderDbContext, PurchaseReserved> orders) : IConsumer<PurchaseReserved>
{
    public Task Consume(ConsumeContext<PurchaseReserved> context) =>
        orders.ConsumeAsync(context, context.Message);
}

/// <summary>Reservations that came as one bundle (postgres-row-lock's outbox), each applied as if alone.</summary>
public sealed class PurchaseReservedBundleConsumer(InboxBatcher<OrderDbContext, PurchaseReserved> orders)
    : MessageBundleConsumer<OrderDbContext, PurchaseReserved>(orders)
{
    protected override IReadOnlyCollection<Type> Accepts => ConsumedBy(typeof(PurchaseReservedConsumer));

    protected override PurchaseReserved PayloadOf(object message) => (PurchaseReserved)message;
}

public sealed class PurchaseReservedConsumerDefinition : ConsumerDefinition<PurchaseReservedConsumer>
{
    public PurchaseReservedConsumerDefinition() => EndpointName = PurchaseQueues.OrderPurchaseReserved;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<PurchaseReservedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Enough reservations in flight for the batcher to create them many per transaction; bounded retries
        // (a concurrent copy of the same reservation loses on the primary key and is retried as a duplicate),
        // then the _error queue for operators; never acked before the order is committed.
        endpointConfigurator.PrefetchForBatching();
        endpointConfigurator.UseStoreRetry();
    }
}

public sealed class PurchaseReservedBundleConsumerDefinition() : MessageBundleConsumerDefinition<PurchaseReservedBundleConsumer>(PurchaseQueues.OrderPurchaseReserved);

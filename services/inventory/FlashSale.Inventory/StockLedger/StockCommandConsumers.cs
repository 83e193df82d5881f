using FlashSale.Contracts;
using FlashSale.Contracts.Stock;
using FlashSale.Inventory.Data;
using FlashSale.Messaging.Bundles;
using FlashSale.Messaging.Bus;
using FlashSale.Messaging.Inbox;
using MassTransit;

namespace FlashSale.Inventory.StockLedger;

/// <summary>CommitStock: the order exists; its hold becomes durable in PostgreSQL (<see cref="StockCommandBatch"/>).</summary>
public sealed class CommitStockConsumer(InboxBatcher<InventoryDbContext, StockCommand> commands) : IConsumer<CommitStock>
{
    public Task Consume(ConsumeContext<CommitStock> context) =>
        commands.ConsumeAsync(context, new StockCommand(context.Message));
}

/// <summary>ReleaseStock: the order was cancelled; its units go back, exactly once (<see cref="StockCommandBatch"/>).</summary>
public sealed class ReleaseStockConsumer(InboxBatcher<InventoryDbContext, StockCommand> commands) : IConsumer<ReleaseStock>
{
    public Task Consume(ConsumeContext<ReleaseStock> context) =>
        commands.ConsumeAsync(context, new StockCommand(context.Message));
}

/// <summary>MarkStockSold: the paid order's units count as sold. No reply.</summary>
public sealed class MarkStockSoldConsumer(InboxBatcher<InventoryDbContext, StockCommand> commands) : IConsumer<MarkStockSold>
{
    public Task Consume(ConsumeContext<MarkStockSold> context) =>
        commands.ConsumeAsync(context, new StockCommand(context.Message));
}

/// <summary>Stock commands that came as one bundle, each applied as if alone (<see cref="MessageBundleConsumer{TContext,T}"/>).</summary>
public sealed class StockCommandBundleConsumer(InboxBatcher<InventoryDbContext, StockCommand> commands)
    : MessageBundleConsumer<InventoryDbContext, StockCommand>(commands)
{
    protected override IReadOnlyCollection<Type> Accepts =>
        ConsumedBy(typeof(CommitStockConsumer), typeof(ReleaseStockConsumer), typeof(MarkStockSoldConsumer));

    protected override StockCommand PayloadOf(object message) => new(message);
}

/// <summary>
/// The saga's stock commands share the service's queue, prefetched deep enough for the batcher to group them
/// (a mass expiry's releases of one sale share a transaction). Bounded retries with backoff (a drift may heal
/// when an in-flight release commits), then the _error queue; commands that can never succeed skip the retries.
/// </summary>
public abstract class StockCommandDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    protected StockCommandDefinition() => EndpointName = ServiceQueues.InventoryStock;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchForBatching();
        consumerConfigurator.UseStoreRetry(typeof(StockCommandRejectedException));
    }
}

public sealed class CommitStockConsumerDefinition : StockCommandDefinition<CommitStockConsumer>;

public sealed class ReleaseStockConsumerDefinition : StockCommandDefinition<ReleaseStockConsumer>;

public sealed class MarkStockSoldConsumerDefinition : StockCommandDefinition<MarkStockSoldConsumer>;

public sealed class StockCommandBundleConsumerDefinition : StockCommandDefinition<StockCommandBundleConsumer>;

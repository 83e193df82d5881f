using FlashSale.Contracts;
using FlashSale.Contracts.Purchases;
using FlashSale.Contracts.Stock;
using FlashSale.Inventory.Data;
using FlashSale.ServiceDefaults.Inbox;
using FlashSale.ServiceDefaults.Outbox;
using MassTransit;

namespace FlashSale.Inventory.StockLedger;

/// <summary>
/// CommitStock → StockCommitted, also for a repeated command. The one exception: an order released
/// before its commit arrived gets no StockCommitted (nothing was committed; the saga has cancelled it
/// and gets StockReleased from the release).
/// </summary>
public sealed class CommitStockConsumer(InventoryDbContext db, OrderStockLedger ledger, TimeProvider time) : IConsumer<CommitStock>
{
    public Task Consume(ConsumeContext<CommitStock> context) =>
        db.ConsumeOnceAsync(context, nameof(CommitStockConsumer), time, async ct =>
        {
            var command = context.Message;
            var now = time.GetUtcNow();
            if (await ledger.CommitAsync(command, now, ct) != CommitOutcome.ReleasedBefore)
            {
                db.AddToOutbox(new StockCommitted(command.OrderId, command.SaleId), ServiceQueues.OrderSagaAddress, now);
            }
        });
}

/// <summary>
/// ReleaseStock → StockReleased, also for a repeated command; the first release also tells every
/// inventory instance that units came back (SaleStockReplenished re-opens their sold-out flags).
/// A release of a paid order is refused without a reply: sold units are never released.
/// </summary>
public sealed class ReleaseStockConsumer(InventoryDbContext db, OrderStockLedger ledger, TimeProvider time) : IConsumer<ReleaseStock>
{
    public Task Consume(ConsumeContext<ReleaseStock> context) =>
        db.ConsumeOnceAsync(context, nameof(ReleaseStockConsumer), time, async ct =>
        {
            var command = context.Message;
            var now = time.GetUtcNow();
            var result = await ledger.ReleaseAsync(command, now, ct);
            if (result.Outcome == ReleaseOutcome.Sold)
            {
                return;
            }

            db.AddToOutbox(new StockReleased(command.OrderId, command.SaleId, result.Quantity), ServiceQueues.OrderSagaAddress, now);
            if (result.Outcome == ReleaseOutcome.Released)
            {
                db.AddToOutbox(new SaleStockReplenished(command.SaleId, result.Quantity), destination: null, now);
            }
        });
}

/// <summary>MarkStockSold: the paid order's units count as sold. No reply.</summary>
public sealed class MarkStockSoldConsumer(InventoryDbContext db, OrderStockLedger ledger, TimeProvider time) : IConsumer<MarkStockSold>
{
    public Task Consume(ConsumeContext<MarkStockSold> context) =>
        db.ConsumeOnceAsync(context, nameof(MarkStockSoldConsumer), time, ct => ledger.MarkSoldAsync(context.Message, time.GetUtcNow(), ct));
}

/// <summary>
/// The saga's stock commands share the service's queue. Bounded retries with backoff (a drift may heal
/// when an in-flight release commits), then the _error queue; commands that can never succeed skip the retries.
/// </summary>
public abstract class StockCommandDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    protected StockCommandDefinition() => EndpointName = ServiceQueues.InventoryStock;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context) =>
        consumerConfigurator.UseMessageRetry(r =>
        {
            r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
            r.Ignore<StockCommandRejectedException>();
        });
}

public sealed class CommitStockConsumerDefinition : StockCommandDefinition<CommitStockConsumer>;

public sealed class ReleaseStockConsumerDefinition : StockCommandDefinition<ReleaseStockConsumer>;

public sealed class MarkStockSoldConsumerDefinition : StockCommandDefinition<MarkStockSoldConsumer>;

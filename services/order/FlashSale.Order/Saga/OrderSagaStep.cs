using FlashSale.Messaging.Inbox;
using FlashSale.Order.Data;
using FlashSale.Order.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlashSale.Order.Saga;

/// <summary>
/// Applies a batch of saga events in one transaction (see <see cref="InboxBatcher{TContext,T}"/>): the orders
/// they concern are read in one query, each event's decision is applied in arrival order (two events of one
/// order see each other's effect), the commands go to the outbox, and EF writes every changed order in one
/// round trip. A concurrent step on the same order (another replica, the sweeper) fails the optimistic check
/// on xmin; the batch then runs again message by message, each retried from a fresh read.
/// </summary>
public sealed class OrderSagaStep(
    OrderDbContext db, OrderChanges changes, OrderMetrics metrics, IOptions<OrderSagaOptions> options, ILogger<OrderSagaStep> logger)
    : IInboxBatchHandler<SagaEvent>
{
    private Dictionary<long, PurchaseOrder> _orders = [];

    public void Committed(IReadOnlyList<SagaEvent> batch) => changes.Committed(_orders.Values); // the batch's orders, as committed

    public async Task HandleAsync(IReadOnlyList<SagaEvent> batch, DateTimeOffset now, CancellationToken ct)
    {
        var ids = batch.Select(e => e.OrderId).Distinct().ToArray();
        _orders = await db.Orders.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        foreach (var sagaEvent in batch)
        {
            // The order is created before any command of its saga is sent, so a missing order is a
            // fault worth retrying and, after that, worth an operator's look in the error queue.
            var order = _orders.GetValueOrDefault(sagaEvent.OrderId)
                ?? throw new InvalidOperationException($"{sagaEvent.MessageName} for unknown order {sagaEvent.OrderId}.");
            var before = order.Status;
            foreach (var command in sagaEvent.Decide(order, now))
            {
                db.AddToOutbox(command, options.Value, now);
            }

            if (order.Status != before)
            {
                metrics.Moved(order, before, now);
                logger.LogDebug("Order {OrderId}: {From} -> {To} on {Message}", order.Id, before, order.Status, sagaEvent.MessageName);
            }
        }
    }
}

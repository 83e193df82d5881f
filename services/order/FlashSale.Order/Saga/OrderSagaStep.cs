using FlashSale.Order.Data;
using FlashSale.Order.Orders;
using FlashSale.ServiceDefaults.Inbox;
using FlashSale.ServiceDefaults.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Order.Saga;

/// <summary>
/// Runs one saga step for one inbound message: inbox row, the order's new state and the commands it
/// sends commit in one transaction. A concurrent step on the same order fails its optimistic
/// concurrency check and is retried from a fresh read.
/// </summary>
public sealed class OrderSagaStep(OrderDbContext db, TimeProvider time, OrderMetrics metrics, ILogger<OrderSagaStep> logger)
{
    public Task RunAsync<T>(ConsumeContext<T> context, long orderId, Func<PurchaseOrder, DateTimeOffset, IReadOnlyList<SagaCommand>> step)
        where T : class =>
        db.ConsumeOnceAsync(context, $"order-saga.{typeof(T).Name}", time, async ct =>
        {
            // The order is created before any command of its saga is sent, so a missing order is a
            // fault worth retrying and, after that, worth an operator's look in the error queue.
            var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == orderId, ct)
                ?? throw new InvalidOperationException($"{typeof(T).Name} for unknown order {orderId}.");
            var before = order.Status;
            var now = time.GetUtcNow();
            foreach (var command in step(order, now))
            {
                db.AddToOutbox(command.Message, command.Destination, now);
            }

            if (order.Status != before)
            {
                metrics.Moved(order, before, now);
                logger.LogDebug("Order {OrderId}: {From} -> {To} on {Message}", orderId, before, order.Status, typeof(T).Name);
            }
        });
}

using System.Collections.Concurrent;
using FlashSale.Contracts;
using FlashSale.Contracts.Stock;
using MassTransit;

namespace FlashSale.Inventory.Tests.StockLedger;

/// <summary>The order saga's queue, read by the test: every StockCommitted and StockReleased inventory sent.</summary>
public sealed class SagaReplies
{
    private readonly ConcurrentQueue<StockCommitted> _committed = new();
    private readonly ConcurrentQueue<StockReleased> _released = new();

    private SagaReplies()
    {
    }

    public IReadOnlyCollection<StockCommitted> Committed => _committed;
    public IReadOnlyCollection<StockReleased> Released => _released;

    public static async Task<SagaReplies> ConnectAsync(IBus bus)
    {
        var replies = new SagaReplies();
        var handle = bus.ConnectReceiveEndpoint(ServiceQueues.OrderSaga, e =>
        {
            e.Handler<StockCommitted>(context =>
            {
                replies._committed.Enqueue(context.Message);
                return Task.CompletedTask;
            });
            e.Handler<StockReleased>(context =>
            {
                replies._released.Enqueue(context.Message);
                return Task.CompletedTask;
            });
        });
        await handle.Ready;
        return replies;
    }

    public bool CommittedFor(long orderId) => _committed.Any(r => r.OrderId == orderId);

    public bool ReleasedFor(long orderId) => _released.Any(r => r.OrderId == orderId);
}

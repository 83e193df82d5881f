using System.Collections.Concurrent;
using FlashSale.Contracts;
using FlashSale.Contracts.Stock;
using MassTransit;

namespace FlashSale.Inventory.Tests.StockLedger;

/// <summary>The order saga's queue, read by the test: every StockReleased inventory sent (none: releases are not answered).</summary>
public sealed class SagaReplies
{
    private readonly ConcurrentQueue<StockReleased> _released = new();

    private SagaReplies()
    {
    }

    public IReadOnlyCollection<StockReleased> Released => _released;

    public static async Task<SagaReplies> ConnectAsync(IBus bus)
    {
        var replies = new SagaReplies();
        var handle = bus.ConnectReceiveEndpoint(ServiceQueues.OrderSaga, e =>
        {
            e.Handler<StockReleased>(context =>
            {
                replies._released.Enqueue(context.Message);
                return Task.CompletedTask;
            });
        });
        await handle.Ready;
        return replies;
    }
}

using FlashSale.LoadDriver.Database;

namespace FlashSale.LoadDriver.Tests.Database;

public sealed class SagaSamplerTests
{
    [Fact]
    public void Sessions_are_averaged_over_every_sample_busiest_state_first()
    {
        var held = ("flashsale_order", "idle in transaction", "Client:ClientRead");
        var locked = ("flashsale_inventory", "active", "Lock:transactionid");
        IReadOnlyList<(string, string, string)>[] sessions =
        [
            [held, held, held, locked],
            [held, locked],
            [],
            [held, held, held],
        ];

        var waits = SagaSampler.Summarize(sessions, []);

        Assert.Equal(4, waits.Samples);
        Assert.Equal(
            [new SessionShare("flashsale_order", "idle in transaction", "Client:ClientRead", 1.8), new SessionShare("flashsale_inventory", "active", "Lock:transactionid", 0.5)],
            waits.Sessions);
        Assert.Empty(waits.Queues);
    }

    [Fact]
    public void Every_saga_queue_gets_its_average_and_maximum_depth_absent_ones_counting_as_empty()
    {
        IReadOnlyDictionary<string, long>[] queues =
        [
            new Dictionary<string, long> { ["order-saga"] = 100, ["inventory-stock"] = 3 },
            new Dictionary<string, long> { ["order-saga"] = 300 },
        ];

        var waits = SagaSampler.Summarize([], queues);

        Assert.Equal(SagaSampler.Queues, waits.Queues.Select(q => q.Queue));
        Assert.Equal(new QueueDepth("order-saga", 200, 300), waits.Queues.Single(q => q.Queue == "order-saga"));
        Assert.Equal(new QueueDepth("inventory-stock", 1.5, 3), waits.Queues.Single(q => q.Queue == "inventory-stock"));
        Assert.Equal(new QueueDepth("wallet-funds", 0, 0), waits.Queues.Single(q => q.Queue == "wallet-funds"));
    }
}

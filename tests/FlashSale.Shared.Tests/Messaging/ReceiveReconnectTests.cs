using FlashSale.Messaging.Bus;
using MassTransit;

namespace FlashSale.Shared.Tests.Messaging;

public sealed class ReceiveReconnectTests
{
    /// <summary>
    /// The receive endpoints' reconnect policy is MassTransit's exponential 3-30 s back-off until the bus is told otherwise,
    /// and a fixed interval after: the reflection reaches the field the bus reads (a MassTransit upgrade that moves it
    /// fails here, and the host refuses to start, instead of consumers silently coming back up to 30 s late).
    /// </summary>
    [Fact]
    public void Lost_connections_are_retried_at_a_fixed_short_interval()
    {
        IRetryPolicy? before = null, after = null;
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri("amqp://guest:guest@127.0.0.1:1/"));
            before = ReceiveReconnect.CurrentPolicy(rabbit);
            rabbit.RetryLostConnectionsQuickly();
            after = ReceiveReconnect.CurrentPolicy(rabbit);
        });

        Assert.NotNull(bus);
        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.NotSame(before, after);
        Assert.Contains("Incremental", after.GetType().Name, StringComparison.Ordinal);
        Assert.DoesNotContain("Incremental", before.GetType().Name, StringComparison.Ordinal);
    }
}

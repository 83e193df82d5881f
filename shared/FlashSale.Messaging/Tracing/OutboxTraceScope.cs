using System.Diagnostics;

namespace FlashSale.Messaging.Tracing;

/// <summary>
/// While a batch of inbound messages is applied, the trace of each order in it: a message written to the outbox
/// about order N continues the trace of the message about order N that caused it, not the batch's own span
/// (which serves many orders and only links to them). Outside a batch, the outbox takes the current activity.
/// </summary>
public static class OutboxTraceScope
{
    private static readonly AsyncLocal<IReadOnlyDictionary<long, ActivityContext>?> Current = new();

    /// <summary>Sets the orders' traces for the rest of the caller's async flow; dispose to clear them.</summary>
    public static IDisposable Begin(IEnumerable<(long? OrderId, ActivityContext Trace)> orders)
    {
        var byOrder = new Dictionary<long, ActivityContext>();
        foreach (var (orderId, trace) in orders)
        {
            if (orderId is { } id && trace != default)
            {
                byOrder.TryAdd(id, trace);
            }
        }

        Current.Value = byOrder;
        return new Reset();
    }

    /// <summary>The traceparent an outbox row for <paramref name="message"/> carries.</summary>
    public static string? TraceParentFor(object message) =>
        Current.Value is { } byOrder && MessageTracing.OrderIdOf(message) is { } orderId && byOrder.TryGetValue(orderId, out var trace)
            ? MessageTracing.TraceParentOf(trace)
            : Activity.Current?.Id;

    private sealed class Reset : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}

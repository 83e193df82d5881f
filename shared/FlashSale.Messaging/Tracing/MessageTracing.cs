using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace FlashSale.Messaging.Tracing;

/// <summary>
/// How a trace follows an order across the hops the broker's own headers do not cover: a database row (the outbox),
/// a batch of messages applied in one transaction (the inbox batcher), a Redis stream entry. The context travels as
/// a W3C <c>traceparent</c> string; every saga message carries its order's id (ServiceQueues), which is how a batch
/// finds, for each message it writes, the trace of the message that caused it.
/// </summary>
public static class MessageTracing
{
    /// <summary>Spans of the project's messaging plumbing (the name falls under the FlashSale.* sources every host exports).</summary>
    public static readonly ActivitySource Source = new("FlashSale.Messaging");

    private static readonly ConcurrentDictionary<Type, PropertyInfo?> OrderIds = new();

    /// <summary>The W3C traceparent of <paramref name="context"/>, or null when there is none.</summary>
    public static string? TraceParentOf(ActivityContext context) =>
        context == default ? null : $"00-{context.TraceId}-{context.SpanId}-{(context.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? "01" : "00")}";

    /// <summary>The context a traceparent names, or default for null, empty or malformed text.</summary>
    public static ActivityContext ContextOf(string? traceParent) =>
        !string.IsNullOrEmpty(traceParent) && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;

    /// <summary>The order a message is about: its <c>long OrderId</c> property, if it has one.</summary>
    public static long? OrderIdOf(object? message)
    {
        if (message is null)
        {
            return null;
        }

        var property = OrderIds.GetOrAdd(message.GetType(), type => type.GetProperty("OrderId") is { PropertyType: var t } p && t == typeof(long) ? p : null);
        return property is null ? null : (long)property.GetValue(message)!;
    }

    /// <summary>Links to every distinct context (a batch span points at each trace it serves).</summary>
    public static IEnumerable<ActivityLink> LinksTo(IEnumerable<ActivityContext> contexts) =>
        contexts.Where(c => c != default).Distinct().Select(c => new ActivityLink(c));
}

using System.Diagnostics;
using FlashSale.Messaging.Tracing;
using StackExchange.Redis;

namespace FlashSale.Inventory.StockStrategies;

/// <summary>
/// The trace of a purchase across the Redis stream: the reserve scripts store the request's W3C traceparent in the
/// stream entry, and <see cref="ReservationRelay"/> starts the hand-off as its child. Without it the order's trace
/// would begin at the relay, cut off from the shopper's request.
/// </summary>
public static class ReservationTrace
{
    /// <summary>The current request's traceparent for the stream entry; empty when nothing is traced.</summary>
    public static string Current() => Activity.Current?.Id ?? "";

    /// <summary>The span of one entry's hand-off to RabbitMQ, a child of the purchase that admitted it.</summary>
    public static Activity? StartHandOff(RedisValue traceParent, long orderId)
    {
        var activity = MessageTracing.Source.StartActivity("hand off reservation", ActivityKind.Internal,
            MessageTracing.ContextOf(traceParent.IsNullOrEmpty ? null : (string?)traceParent));
        activity?.SetTag("flashsale.order_id", orderId);
        return activity;
    }

    /// <summary>The span of one bundle's hand-off: it serves many purchases, so it links to each instead of continuing one.</summary>
    public static Activity? StartBundleHandOff(IEnumerable<string?> traceParents)
    {
        var parents = traceParents.ToList();
        var activity = MessageTracing.Source.StartActivity("hand off reservations", ActivityKind.Internal, parentContext: default,
            links: MessageTracing.LinksTo(parents.Select(MessageTracing.ContextOf)));
        activity?.SetTag("messaging.batch.message_count", parents.Count);
        return activity;
    }
}

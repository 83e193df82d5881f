using FlashSale.BuildingBlocks.Ids;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Database;
using FlashSale.LoadDriver.Results;

namespace FlashSale.LoadDriver.Measurement;

/// <summary>Orders settled per second and the saga's stage latencies, from the timestamps the services stored.</summary>
public static class SettleRate
{
    /// <summary>The instant inventory admitted the purchase: the order id is a snowflake id minted then.</summary>
    public static DateTimeOffset ReservedAt(long orderId) => SnowflakeId.Decompose(orderId).CreatedAt;

    public static SagaFigures Figures(
        IReadOnlyList<OrderRecord> orders, IReadOnlyDictionary<long, DateTimeOffset> paymentRequested, long accepted, long notEnded,
        IEnumerable<TimeSpan> shopperSawPaid, IReadOnlyList<OutboxLag> outboxLag, long orderReads = 0)
    {
        var paid = orders.Where(o => o.Status == OrderStatuses.Paid && o.SettledAt is not null).ToList();
        var cancelled = orders.Count(o => o.Status == OrderStatuses.Cancelled);
        var seconds = 0.0;
        if (paid.Count > 0)
        {
            var firstReservation = orders.Min(o => ReservedAt(o.Id));
            var lastPaid = paid.Max(o => o.SettledAt!.Value);
            seconds = Math.Max(0, (lastPaid - firstReservation).TotalSeconds);
        }

        return new SagaFigures(
            accepted,
            paid.Count,
            cancelled,
            notEnded,
            Math.Round(seconds, 3),
            seconds > 0 ? Math.Round(paid.Count / seconds, 1) : 0,
            LatencyRecorder.Summarize(paid.Select(o => o.SettledAt!.Value - ReservedAt(o.Id))),
            LatencyRecorder.Summarize(orders.Select(o => o.CreatedAt - ReservedAt(o.Id))),
            LatencyRecorder.Summarize(paid.Where(o => paymentRequested.ContainsKey(o.Id)).Select(o => o.SettledAt!.Value - paymentRequested[o.Id])),
            LatencyRecorder.Summarize(shopperSawPaid),
            outboxLag,
            orderReads);
    }
}

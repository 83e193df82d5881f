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

    /// <summary>
    /// Paid orders over time, for a chart: [seconds since the first reservation, orders paid by then] at every
    /// <c>n</c>-th payment (at most <paramref name="points"/> points, the last payment always among them).
    /// </summary>
    public static IReadOnlyList<double[]> Progress(IReadOnlyList<OrderRecord> orders, int points = 100)
    {
        var paid = orders.Where(o => o.Status == OrderStatuses.Paid && o.SettledAt is not null).Select(o => o.SettledAt!.Value).Order().ToList();
        if (paid.Count == 0)
        {
            return [];
        }

        var first = orders.Min(o => ReservedAt(o.Id));
        var step = Math.Max(1, (int)Math.Ceiling(paid.Count / (double)points));
        var progress = new List<double[]> { new[] { 0.0, 0 } };
        for (var i = step - 1; i < paid.Count; i += step)
        {
            progress.Add([Math.Round((paid[i] - first).TotalSeconds, 3), i + 1]);
        }

        if ((paid.Count - 1) % step != step - 1)
        {
            progress.Add([Math.Round((paid[^1] - first).TotalSeconds, 3), paid.Count]);
        }

        return progress;
    }
}

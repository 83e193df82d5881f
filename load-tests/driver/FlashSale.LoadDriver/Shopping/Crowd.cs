using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Load;
using FlashSale.LoadDriver.Measurement;
using FlashSale.LoadDriver.Verification;

namespace FlashSale.LoadDriver.Shopping;

/// <summary>The shoppers of a settle run or a demo: their wallets, their start at one instant, and what they saw, merged.</summary>
public static class Crowd
{
    /// <summary>Credits each shopper's wallet (an admin call per shopper), <paramref name="parallelism"/> at a time.</summary>
    public static Task CreditAsync(GatewayApi api, IReadOnlyList<string> userIds, decimal amount, int parallelism, CancellationToken ct) =>
        Parallel.ForAsync(0, userIds.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (i, token) => await api.CreditWalletAsync(userIds[i], amount, token));

    /// <summary>Every shopper's journey, all starting at <paramref name="go"/> (the sale "opens" for everyone at once).</summary>
    public static Task<JourneyResult[]> RunAsync(
        ShopperJourney journey, IReadOnlyList<Shopper> shoppers, IReadOnlyList<ShopperKind> kinds, long go, CancellationToken stop) =>
        Task.WhenAll(shoppers.Select((shopper, index) => Task.Run(async () =>
        {
            try
            {
                await MeasuredWindow.DelayUntil(go, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return new JourneyResult(shopper, kinds[index]);
            }

            return await journey.RunAsync(shopper, index, kinds[index], stop);
        }, CancellationToken.None)));

    /// <summary>What the shoppers saw of their orders, with the number of orders the order service stored.</summary>
    public static OrderFacts Facts(IReadOnlyList<JourneyResult> journeys, long storedOrders)
    {
        var withOrder = journeys.Where(j => j.HasOrder).ToList();
        return new OrderFacts(
            withOrder.Select(j => j.OrderId).Distinct(StringComparer.Ordinal).Count(),
            withOrder.Count(j => j.LastStatus == OrderStatuses.Paid),
            withOrder.Count(j => j.LastStatus == OrderStatuses.Cancelled),
            withOrder.Count(j => !j.Ended),
            storedOrders);
    }

    /// <summary>Purchase answers, payment answers (prefixed "payment") and unexpected order reads (prefixed "order read"), merged.</summary>
    public static IReadOnlyDictionary<string, long> Answers(IReadOnlyList<JourneyResult> journeys)
    {
        var answers = new Dictionary<string, long>(AnswerTally.Merge(journeys.Select(j => j.PurchaseAnswers)).ToDictionary(), StringComparer.Ordinal);
        foreach (var (answer, count) in journeys.Where(j => j.PaymentAnswer is not null).GroupBy(j => j.PaymentAnswer!.Value.ToString()).Select(g => (g.Key, g.Count())))
        {
            answers[$"payment {answer}"] = count;
        }

        foreach (var (answer, count) in AnswerTally.Merge(journeys.Select(j => j.UnexpectedOrderReads)).ToDictionary())
        {
            answers[$"order read {answer}"] = count;
        }

        return answers;
    }

    public static LatencySummary? PurchaseLatency(IReadOnlyList<JourneyResult> journeys) =>
        LatencyRecorder.Summarize(journeys.Select(j => j.PurchaseLatency));

    /// <summary>Each shopper's first purchase call: the crowd arriving in the same instant, before any retry.</summary>
    public static LatencySummary? OpeningLatency(IReadOnlyList<JourneyResult> journeys)
    {
        var opening = new LatencyRecorder(journeys.Count);
        foreach (var first in journeys.Select(j => j.PurchaseLatency.FirstTicks).OfType<long>())
        {
            opening.Record(first);
        }

        return LatencyRecorder.Summarize([opening]);
    }

    /// <summary>From the 202 to the read that showed the order paid, as each paying shopper saw it.</summary>
    public static IEnumerable<TimeSpan> SawPaid(IReadOnlyList<JourneyResult> journeys) =>
        journeys.Where(j => j.LastStatus == OrderStatuses.Paid && j.AcceptedAt > 0 && j.EndedSeenAt > 0)
            .Select(j => System.Diagnostics.Stopwatch.GetElapsedTime(j.AcceptedAt, j.EndedSeenAt));
}

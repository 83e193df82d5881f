using System.Collections.Concurrent;

namespace FlashSale.Gateway.Monitoring;

/// <summary>What a purchase was answered, as the sale monitor groups it.</summary>
public enum PurchaseAnswer
{
    Accepted,
    SoldOut,
    Refused,
    RateLimited,
    Failed,
    Other,
}

/// <summary>
/// Purchase answers this gateway sent, per sale, counted in memory on the request path (one interlocked increment)
/// and added to the totals every replica shares in Redis once a second (<see cref="PurchaseAnswersFlush"/>).
/// Counters only grow; a flush sends what was counted since the previous one, so nothing counted is lost.
/// </summary>
public sealed class PurchaseAnswers
{
    /// <summary>Sales counted at most: ids are the caller's to choose, so junk ids must not grow this without bound.</summary>
    public const int MaxSales = 10_000;

    private static readonly int Kinds = Enum.GetValues<PurchaseAnswer>().Length;
    private readonly ConcurrentDictionary<long, Tally> _sales = new();
    private readonly Tally _rateLimitedAnyRoute = new(1);

    public static PurchaseAnswer Classify(int status) => status switch
    {
        StatusCodes.Status202Accepted => PurchaseAnswer.Accepted,
        StatusCodes.Status409Conflict => PurchaseAnswer.SoldOut,
        StatusCodes.Status403Forbidden => PurchaseAnswer.Refused,
        StatusCodes.Status429TooManyRequests => PurchaseAnswer.RateLimited,
        >= 500 => PurchaseAnswer.Failed,
        _ => PurchaseAnswer.Other,
    };

    public void CountPurchase(long saleId, int status)
    {
        if (!_sales.TryGetValue(saleId, out var tally))
        {
            if (_sales.Count >= MaxSales)
            {
                return;
            }

            tally = _sales.GetOrAdd(saleId, _ => new Tally(Kinds));
        }

        tally.Add((int)Classify(status));
    }

    public void CountRateLimited() => _rateLimitedAnyRoute.Add(0);

    /// <summary>What was counted since the last call, per sale (zero rows left out), and 429s on any route.</summary>
    public (IReadOnlyList<(long SaleId, long[] Counts)> Sales, long RateLimitedAnyRoute) TakeNew()
    {
        var sales = new List<(long, long[])>();
        foreach (var (saleId, tally) in _sales)
        {
            if (tally.TakeNew() is { } counts)
            {
                sales.Add((saleId, counts));
            }
        }

        return (sales, _rateLimitedAnyRoute.TakeNew()?[0] ?? 0);
    }

    private sealed class Tally(int kinds)
    {
        private readonly long[] _counted = new long[kinds];
        private readonly long[] _taken = new long[kinds];

        public void Add(int kind) => Interlocked.Increment(ref _counted[kind]);

        /// <summary>Only the flush calls this (one thread), so _taken needs no lock.</summary>
        public long[]? TakeNew()
        {
            var fresh = new long[_counted.Length];
            var any = false;
            for (var i = 0; i < fresh.Length; i++)
            {
                var now = Interlocked.Read(ref _counted[i]);
                fresh[i] = now - _taken[i];
                _taken[i] = now;
                any |= fresh[i] != 0;
            }

            return any ? fresh : null;
        }
    }
}

using System.Diagnostics;

namespace FlashSale.LoadDriver.Measurement;

/// <summary>p50/p90/p99/p99.9 and max in milliseconds, over Count requests.</summary>
public sealed record LatencySummary(long Count, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs);

/// <summary>
/// Every latency of a run, in Stopwatch ticks (a run is at most a few hundred thousand requests: exact
/// percentiles cost a few MB and one sort, no histogram bucketing error). One per worker, merged at the end.
/// </summary>
public sealed class LatencyRecorder(int capacity = 1024)
{
    private long[] _ticks = new long[Math.Max(capacity, 16)];

    public int Count { get; private set; }

    /// <summary>The first latency recorded (null before any): a shopper's first call, before any retry.</summary>
    public long? FirstTicks => Count > 0 ? _ticks[0] : null;

    public void Record(long elapsedTicks)
    {
        if (Count == _ticks.Length)
        {
            Array.Resize(ref _ticks, _ticks.Length * 2);
        }

        _ticks[Count++] = elapsedTicks;
    }

    public static LatencySummary? Summarize(IEnumerable<LatencyRecorder> recorders)
    {
        var parts = recorders.ToList();
        var all = new long[parts.Sum(r => r.Count)];
        var at = 0;
        foreach (var part in parts)
        {
            part._ticks.AsSpan(0, part.Count).CopyTo(all.AsSpan(at));
            at += part.Count;
        }

        if (all.Length == 0)
        {
            return null;
        }

        Array.Sort(all);
        double Ms(double percentile) => Math.Round(ToMs(Percentiles.NearestRank(all, percentile)), 2);
        return new LatencySummary(all.Length, Ms(50), Ms(90), Ms(99), Ms(99.9), Math.Round(ToMs(all[^1]), 2));
    }

    /// <summary>The same summary of durations measured elsewhere (timestamps the system wrote, say).</summary>
    public static LatencySummary? Summarize(IEnumerable<TimeSpan> durations)
    {
        var recorder = new LatencyRecorder();
        foreach (var duration in durations)
        {
            recorder.Record((long)(duration.TotalSeconds * Stopwatch.Frequency));
        }

        return Summarize([recorder]);
    }

    public static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

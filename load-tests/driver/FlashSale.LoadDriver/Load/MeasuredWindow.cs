using System.Diagnostics;
using FlashSale.LoadDriver.Measurement;

namespace FlashSale.LoadDriver.Load;

/// <summary>The span of a run that counts: it opens after the warm-up and lasts the duration.</summary>
public readonly record struct MeasuredWindow(long From, long Until)
{
    public static MeasuredWindow After(long start, TimeSpan warmup, TimeSpan duration)
    {
        var from = start + Ticks(warmup);
        return new MeasuredWindow(from, from + Ticks(duration));
    }

    public double Seconds => (Until - From) / (double)Stopwatch.Frequency;

    public bool Contains(long timestamp) => timestamp >= From && timestamp < Until;

    /// <summary>Samples CPU exactly over the window (null without a watch).</summary>
    public async Task<CpuUsage?> WatchCpuAsync(CpuWatch? watch, CancellationToken ct)
    {
        if (watch is null)
        {
            return null;
        }

        await DelayUntil(From, ct);
        watch.Start();
        await DelayUntil(Until, ct);
        return watch.Stop();
    }

    public static async Task DelayUntil(long timestamp, CancellationToken ct)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, ct);
        }
    }

    public static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}

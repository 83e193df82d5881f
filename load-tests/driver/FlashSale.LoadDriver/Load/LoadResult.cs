using FlashSale.LoadDriver.Measurement;

namespace FlashSale.LoadDriver.Load;

/// <summary>What a load loop measured in its window (warm-up excluded).</summary>
public sealed record LoadResult(AnswerTally Answers, LatencySummary? Latency, double MeasuredSeconds, CpuUsage? Cpu, SenderStats? Sender = null)
{
    /// <summary>Answers by kind per second of the window (closed model only).</summary>
    public IReadOnlyDictionary<string, long[]>? Timeline { get; init; }

    public double PerSecond(long count) => MeasuredSeconds > 0 ? count / MeasuredSeconds : 0;
}

/// <summary>
/// How well the open model's sender kept its timetable. Latencies are measured from the timetable either
/// way; a large lag says the driver itself (or the in-flight cap) was the limit, not the system.
/// </summary>
public sealed record SenderStats(double RatePerSecond, long Scheduled, long Completed, int MaxInFlight, double MaxLagMs, long SentOver10MsLate);

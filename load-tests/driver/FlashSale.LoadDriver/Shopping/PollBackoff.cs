namespace FlashSale.LoadDriver.Shopping;

/// <summary>
/// How often a shopper re-reads their order: soon at first, then less and less often up to Max, so a
/// thousand shoppers waiting on a slow saga do not turn into a flood of reads that slows it further.
/// Each wait is jittered ±20% so shoppers who started together do not poll in lockstep.
/// </summary>
public sealed record PollBackoff(TimeSpan First, TimeSpan Max, double Factor = 1.5)
{
    /// <summary>The wait before the n-th re-read (n from 0), without jitter.</summary>
    public TimeSpan Delay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var grown = First.TotalMilliseconds * Math.Pow(Factor, Math.Min(attempt, 64));
        return TimeSpan.FromMilliseconds(Math.Min(grown, Max.TotalMilliseconds));
    }

    /// <param name="unit">A random number in [0, 1).</param>
    public TimeSpan Jittered(int attempt, double unit) => Delay(attempt) * (0.8 + 0.4 * unit);
}

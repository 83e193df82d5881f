namespace FlashSale.LoadDriver.Measurement;

/// <summary>Nearest-rank percentiles of a sorted sample: every reported value is one that was observed.</summary>
public static class Percentiles
{
    /// <param name="sorted">Ascending values.</param>
    /// <param name="percentile">In (0, 100]: 50 is the median, 99.9 the 999th of every 1000.</param>
    public static long NearestRank(ReadOnlySpan<long> sorted, double percentile)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("No values to take a percentile of.", nameof(sorted));
        }

        if (!(percentile > 0 && percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile is in (0, 100].");
        }

        // The smallest value with at least p% of the sample at or below it. The epsilon keeps 99.9% of
        // 1000 at rank 999 although 99.9 / 100 * 1000 is 999.0000000000001 in binary floating point.
        var rank = (long)Math.Ceiling(percentile / 100 * sorted.Length - 1e-9);
        return sorted[(int)Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}

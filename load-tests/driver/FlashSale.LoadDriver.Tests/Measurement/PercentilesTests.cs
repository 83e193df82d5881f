using FlashSale.LoadDriver.Measurement;

namespace FlashSale.LoadDriver.Tests.Measurement;

public sealed class PercentilesTests
{
    private static readonly long[] OneToThousand = Enumerable.Range(1, 1000).Select(i => (long)i).ToArray();

    [Theory]
    [InlineData(50, 500)]
    [InlineData(90, 900)]
    [InlineData(99, 990)]
    [InlineData(99.9, 999)]
    [InlineData(100, 1000)]
    [InlineData(0.05, 1)]
    public void Nearest_rank_of_one_to_a_thousand(double percentile, long expected)
    {
        Assert.Equal(expected, Percentiles.NearestRank(OneToThousand, percentile));
    }

    [Fact]
    public void With_fewer_than_a_thousand_values_p99_9_is_the_maximum()
    {
        long[] sorted = [3, 5, 8, 13, 21];

        Assert.Equal(21, Percentiles.NearestRank(sorted, 99.9));
        Assert.Equal(8, Percentiles.NearestRank(sorted, 50));
    }

    [Fact]
    public void Nothing_to_rank_or_a_percentile_out_of_range_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => Percentiles.NearestRank([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank(OneToThousand, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank(OneToThousand, 100.1));
    }

    [Fact]
    public void Latency_summaries_merge_the_recorders_of_every_worker()
    {
        var first = new LatencyRecorder(2);
        var second = new LatencyRecorder(2);
        var tick = System.Diagnostics.Stopwatch.Frequency / 1000; // 1 ms
        for (var i = 1; i <= 600; i++)
        {
            first.Record(i * tick);
        }

        for (var i = 601; i <= 1000; i++)
        {
            second.Record(i * tick);
        }

        var summary = LatencyRecorder.Summarize([second, first])!;

        Assert.Equal(1000, summary.Count);
        Assert.Equal((500, 990, 999, 1000), (summary.P50Ms, summary.P99Ms, summary.P999Ms, summary.MaxMs));
        Assert.Null(LatencyRecorder.Summarize([new LatencyRecorder()]));
    }
}

using System.Collections;
using FlashSale.Inventory.BloomFilter;

namespace FlashSale.Inventory.Tests.BloomFilter;

public sealed class BloomFilterParametersTests
{
    [Theory]
    [InlineData(100_000, 0.01)]
    [InlineData(200_000, 0.001)]
    public void The_false_positive_rate_stays_at_its_target_and_nothing_inserted_is_ever_missed(int items, double target)
    {
        var parameters = BloomFilterParameters.For(items, target);
        var bits = new BitArray(checked((int)parameters.Bits));
        var random = new Random(20261127);
        var inserted = new HashSet<long>();
        while (inserted.Count < items)
        {
            inserted.Add(random.NextInt64(1, long.MaxValue));
        }

        var positions = new long[parameters.Hashes];
        foreach (var id in inserted)
        {
            parameters.Positions(id, positions);
            foreach (var p in positions)
            {
                bits[(int)p] = true;
            }
        }

        bool MightContain(long id)
        {
            parameters.Positions(id, positions);
            return positions.All(p => bits[(int)p]);
        }

        Assert.All(inserted, id => Assert.True(MightContain(id)));
        const int probes = 500_000;
        var falsePositives = 0;
        for (var i = 0; i < probes; i++)
        {
            var id = random.NextInt64(1, long.MaxValue);
            if (!inserted.Contains(id) && MightContain(id))
            {
                falsePositives++;
            }
        }

        var rate = (double)falsePositives / probes;
        Assert.True(rate <= target * 1.3, $"false-positive rate {rate:P3} is above the target {target:P3}");
        Assert.True(rate >= target * 0.3, $"false-positive rate {rate:P3} is implausibly far below {target:P3}: is the filter oversized?");
    }

    [Fact]
    public void Sequential_ids_spread_like_random_ones()
    {
        // Snowflake ids of one worker differ only in low bits: the hash must still spread them.
        var parameters = BloomFilterParameters.For(50_000, 0.01);
        var bits = new BitArray((int)parameters.Bits);
        var positions = new long[parameters.Hashes];
        const long firstId = 252_097_841_961_373_696;
        for (var i = 0L; i < 50_000; i++)
        {
            parameters.Positions(firstId + i, positions);
            foreach (var p in positions)
            {
                bits[(int)p] = true;
            }
        }

        var set = bits.Cast<bool>().Count(b => b);
        // Optimal filling leaves about half of the bits set.
        Assert.InRange((double)set / bits.Length, 0.45, 0.55);
    }

    [Fact]
    public void Size_and_hash_count_follow_the_textbook_formulas()
    {
        var parameters = BloomFilterParameters.For(1_000_000, 0.001);

        Assert.InRange(parameters.Bits, 14_377_000, 14_378_000);
        Assert.Equal(10, parameters.Hashes);
    }

    [Theory]
    [InlineData(0, 0.01)]
    [InlineData(10, 0)]
    [InlineData(10, 1)]
    public void Nonsense_sizes_are_refused(long items, double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BloomFilterParameters.For(items, rate));
}

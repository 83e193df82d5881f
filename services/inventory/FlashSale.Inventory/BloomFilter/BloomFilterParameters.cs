namespace FlashSale.Inventory.BloomFilter;

/// <summary>
/// Size and hash count of a Bloom filter for <c>n</c> expected items at false-positive rate <c>p</c>:
/// m = -n·ln p / (ln 2)², k = (m/n)·ln 2. Positions come from double hashing (Kirsch–Mitzenmacher):
/// g_i(x) = h1(x) + i·h2(x) mod m, with two independent 64-bit mixes of the id.
/// </summary>
public sealed record BloomFilterParameters(long Bits, int Hashes)
{
    public static BloomFilterParameters For(long expectedItems, double falsePositiveRate)
    {
        if (expectedItems < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedItems), "The Bloom filter needs at least one expected item.");
        }

        if (falsePositiveRate is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(falsePositiveRate), "The false-positive rate must be between 0 and 1.");
        }

        var bits = (long)Math.Ceiling(-expectedItems * Math.Log(falsePositiveRate) / (Math.Log(2) * Math.Log(2)));
        var hashes = Math.Max(1, (int)Math.Round((double)bits / expectedItems * Math.Log(2)));
        return new BloomFilterParameters(bits, hashes);
    }

    public void Positions(long item, Span<long> positions)
    {
        var h1 = Mix((ulong)item, 0x9E3779B97F4A7C15UL);
        var h2 = Mix((ulong)item, 0xC2B2AE3D27D4EB4FUL) | 1; // odd, so the k positions never collapse into one
        for (var i = 0; i < Hashes; i++)
        {
            positions[i] = (long)((h1 + (ulong)i * h2) % (ulong)Bits);
        }
    }

    public long[] Positions(long item)
    {
        var positions = new long[Hashes];
        Positions(item, positions);
        return positions;
    }

    // SplitMix64 finaliser with a seed: a fast, well-distributed 64-bit mix.
    private static ulong Mix(ulong x, ulong seed)
    {
        x += seed;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}

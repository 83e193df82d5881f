namespace FlashSale.Inventory.BloomFilter;

/// <summary>Bound from "BloomFilter": sized for the sale ids the filter must hold.</summary>
public sealed class BloomFilterOptions
{
    public const string Section = "BloomFilter";

    public long ExpectedItems { get; set; } = 1_000_000;

    public double FalsePositiveRate { get; set; } = 0.001;

    public BloomFilterParameters Parameters() => BloomFilterParameters.For(ExpectedItems, FalsePositiveRate);
}

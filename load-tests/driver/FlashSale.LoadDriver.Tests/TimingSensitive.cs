namespace FlashSale.LoadDriver.Tests;

/// <summary>Tests that measure time or burn CPU run one after another, so they do not skew each other.</summary>
[CollectionDefinition(Name)]
public sealed class TimingSensitive
{
    public const string Name = "timing";
}

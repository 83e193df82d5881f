namespace FlashSale.Gateway.SoldOut;

/// <summary>Bound from "SoldOut".</summary>
public sealed class SoldOutOptions
{
    public const string Section = "SoldOut";

    /// <summary>Off: every purchase of a sold-out sale goes on to inventory, which answers it from its own flag.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often the sold-out sales held here are checked against Redis. Units given back, or a shopper admitted since,
    /// and the sale is forgotten here: its purchases go to inventory again. This is how stale an answer can be.
    /// </summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A sale nobody tried to buy for this long is forgotten (the next sold-out answer from inventory brings it back).</summary>
    public TimeSpan ForgetUnusedAfter { get; set; } = TimeSpan.FromMinutes(5);
}

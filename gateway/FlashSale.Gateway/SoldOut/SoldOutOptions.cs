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

    /// <summary>Purchases on their way to inventory per sale, at most its units left (<see cref="SaleStockGate"/>).</summary>
    public StockGateOptions Gate { get; set; } = new();
}

/// <summary>Bound from "SoldOut:Gate".</summary>
public sealed class StockGateOptions
{
    /// <summary>Off: every purchase goes on to inventory at once, however few units are left.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Places beyond the units left: that many purchases more than could be admitted reach inventory early, so its
    /// first sold-out answer (and with it the answer for everyone waiting) comes as soon as the last unit is taken,
    /// not after the last admitted purchase has come back.
    /// </summary>
    public int Beyond { get; set; } = 16;

    /// <summary>The longest a purchase waits for a place; then it goes on to inventory anyway.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Purchases waiting per sale; more go on to inventory (and its rate limits) at once.</summary>
    public int MaxWaiting { get; set; } = 20_000;

    /// <summary>
    /// A gate nobody used for this long is dropped and the next purchase reads the units left again: units given back
    /// and units sold through other gateways reach the count this way.
    /// </summary>
    public TimeSpan ForgetIdleAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest the read of a sale's units may take; slower, and the sale goes ungated (and is read again later).</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a sale Redis has no units figure for (unknown, not warmed up) goes ungated before it is read again.</summary>
    public TimeSpan UnknownSaleRereadAfter { get; set; } = TimeSpan.FromSeconds(1);
}

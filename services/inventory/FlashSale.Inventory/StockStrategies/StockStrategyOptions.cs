namespace FlashSale.Inventory.StockStrategies;

/// <summary>Bound from "Purchases": which stock strategy runs, and the settings of redlock-segmented.</summary>
public sealed class StockStrategyOptions
{
    public const string Section = "Purchases";

    /// <summary>The stock reservation strategy (see <see cref="IStockStrategy"/>).</summary>
    public string Strategy { get; set; } = StockStrategyRegistration.Names[0];

    /// <summary>Stock segments per sale for redlock-segmented (each its own lock: K buyers in parallel).</summary>
    public int Segments { get; set; } = 8;

    /// <summary>Lease of a segment lock (redlock-segmented). A holder paused past it is stopped by its fencing token.</summary>
    public TimeSpan SegmentLockLease { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a purchase keeps trying busy segments before answering 503 (never "sold out" while units may remain).</summary>
    public TimeSpan SegmentContentionTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

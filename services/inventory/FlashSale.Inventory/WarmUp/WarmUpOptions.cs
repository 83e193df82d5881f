namespace FlashSale.Inventory.WarmUp;

/// <summary>Bound from "WarmUp".</summary>
public sealed class WarmUpOptions
{
    public const string Section = "WarmUp";

    /// <summary>How often the job runs: must be well below <see cref="Window"/> to heal a flush before the start.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Sales starting within this window (and those running) are kept warm.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Stock is (re)loaded only until this long before the start instant, for clock skew between hosts and Redis.</summary>
    public TimeSpan StartGuard { get; set; } = TimeSpan.FromSeconds(2);
}

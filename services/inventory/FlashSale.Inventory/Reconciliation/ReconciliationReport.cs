namespace FlashSale.Inventory.Reconciliation;

/// <summary>GET/POST /api/admin/reconciliation.</summary>
public sealed record ReconciliationReport(DateTimeOffset At, IReadOnlyList<SaleReconciliation> Sales);

/// <summary>
/// One sale as reconciliation found it. <see cref="AvailableInCache"/> is Redis's live stock as found (null: missing);
/// <see cref="Drift"/> = found cache − expected cache, where expected = <see cref="AvailableInDatabase"/> minus the units
/// of orders Redis admitted that PostgreSQL has not committed yet (<see cref="OrdersAwaitingCommit"/>).
/// <see cref="Repaired"/>: the live stock was rewritten from PostgreSQL, which happens only for drift that is proven.
/// </summary>
public sealed record SaleReconciliation(
    string SaleId,
    long? AvailableInCache,
    int AvailableInDatabase,
    int OrdersOpen,
    int UnitsSold,
    int UnitsReleased,
    long Drift,
    bool Repaired,
    bool Quiet,
    int OrdersAwaitingCommit,
    string Finding);

/// <summary>What reconciliation concluded about a sale (<see cref="SaleReconciliation.Finding"/>).</summary>
public static class Findings
{
    public const string Consistent = "consistent";

    /// <summary>Redis had no live stock (flushed mid-sale): rebuilt from PostgreSQL.</summary>
    public const string CacheMissing = "cache-missing";

    /// <summary>Redis differed from PostgreSQL while the sale was quiet: set from PostgreSQL.</summary>
    public const string CacheDiffers = "cache-differs";

    /// <summary>They differ while reservations are in flight: reported, not repaired (nothing is proven).</summary>
    public const string Unproven = "unproven";

    /// <summary>The sale moved between the check and the repair: left for the next run.</summary>
    public const string Moved = "moved";

    /// <summary>PostgreSQL's counters disagree with its own reservation rows: an operator must look.</summary>
    public const string DatabaseDisagrees = "database-disagrees";
}

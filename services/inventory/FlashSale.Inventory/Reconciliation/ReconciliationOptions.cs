namespace FlashSale.Inventory.Reconciliation;

/// <summary>Bound from "Reconciliation".</summary>
public sealed class ReconciliationOptions
{
    public const string Section = "Reconciliation";

    /// <summary>How often one replica (whichever takes the lock) reconciles every running sale; the first run comes one interval after start.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Ended sales are still reconciled for this long (late cancellations return their units).</summary>
    public TimeSpan EndedSalesFor { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long POST /api/admin/reconciliation waits for a run of another replica to finish before answering 503.</summary>
    public TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reports kept in PostgreSQL (the newest is served by GET /api/admin/reconciliation).</summary>
    public int ReportsKept { get; set; } = 100;
}

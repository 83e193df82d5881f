namespace FlashSale.Inventory.Data;

/// <summary>A stored report (table reconciliation_reports; the report itself as jsonb).</summary>
public sealed class ReconciliationRecord
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Report { get; set; }
}

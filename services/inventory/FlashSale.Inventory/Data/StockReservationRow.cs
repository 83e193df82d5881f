namespace FlashSale.Inventory.Data;

/// <summary>
/// Where an order's units stand in PostgreSQL. Reserved and Committed rows hold units taken from
/// <c>sales.available_stock</c>; Sold rows are counted in <c>sold_units</c>; Released rows hold nothing.
/// </summary>
public enum ReservationStatus
{
    /// <summary>Admitted by postgres-row-lock: the purchase itself took the units, the order is not confirmed yet.</summary>
    Reserved,

    /// <summary>The order exists and its units are taken from PostgreSQL's available stock.</summary>
    Committed,

    /// <summary>The order is paid: its units are sold for good.</summary>
    Sold,

    /// <summary>The order was cancelled: its units went back to stock, once.</summary>
    Released,
}

/// <summary>
/// One order's stock record in PostgreSQL. postgres-row-lock writes it at purchase (Reserved); for the
/// Redis strategies the admission lives in Redis and the row appears at commit (or at a release that
/// came first). Every later transition goes through the stock ledger.
/// </summary>
public sealed class StockReservationRow
{
    public long OrderId { get; set; }
    public long SaleId { get; set; }
    public required string UserId { get; set; }
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }

    /// <summary>The shopper's Idempotency-Key; null for the Redis strategies, which keep it in Redis.</summary>
    public string? IdempotencyKey { get; set; }

    public ReservationStatus Status { get; set; }
    public DateTimeOffset ReservedAt { get; set; }
    public DateTimeOffset? CommittedAt { get; set; }
    public DateTimeOffset? SoldAt { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }
    public string? ReleaseReason { get; set; }
}

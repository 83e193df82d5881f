namespace FlashSale.Inventory.Purchases;

/// <summary>An admitted reservation recorded in PostgreSQL (the postgres-row-lock strategy's durable record).</summary>
public sealed class StockReservationRow
{
    public long OrderId { get; set; }
    public long SaleId { get; set; }
    public required string UserId { get; set; }
    public int Quantity { get; set; }
    public decimal UnitPrice { get; set; }
    public required string IdempotencyKey { get; set; }
    public DateTimeOffset ReservedAt { get; set; }
}

namespace FlashSale.Order.Orders;

/// <summary>An order created from an admitted reservation. Its id is the snowflake id the shopper got at purchase.</summary>
public sealed class PurchaseOrder
{
    public long Id { get; set; }
    public long SaleId { get; set; }
    public required string UserId { get; set; }
    public int Quantity { get; set; }
    public decimal Amount { get; set; }
    public OrderStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PaymentDeadline { get; set; }
    public string? CancelReason { get; set; }

    /// <summary>Optimistic concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; set; }
}

public enum OrderStatus
{
    Pending,
    AwaitingPayment,
    Paying,
    Paid,
    Cancelled,
}

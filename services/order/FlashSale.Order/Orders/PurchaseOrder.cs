namespace FlashSale.Order.Orders;

/// <summary>
/// An order created from an admitted reservation; its id is the snowflake id the shopper got at purchase.
/// The order is also the saga's persisted state: the flags record which steps have been answered, so a
/// redelivered reply, a restart or a second replica picks up exactly where the saga stands.
/// </summary>
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

    /// <summary>The one payment this order accepted (I3); a second one is refused.</summary>
    public long? PaymentId { get; set; }

    public bool FundsFrozen { get; set; }
    public bool PaymentCaptured { get; set; }

    /// <summary>Inventory confirmed the cancelled order's units are back in stock.</summary>
    public bool StockReturned { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SettledAt { get; set; }

    /// <summary>Optimistic concurrency token (PostgreSQL xmin): two replicas never both move one order.</summary>
    public uint Version { get; set; }
}

public enum OrderStatus
{
    /// <summary>Accepted by inventory, order not created yet (answered from the reservation, never stored).</summary>
    Pending,
    AwaitingPayment,
    Paying,
    Paid,
    Cancelled,
}

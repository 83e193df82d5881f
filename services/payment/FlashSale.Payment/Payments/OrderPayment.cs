namespace FlashSale.Payment.Payments;

/// <summary>The one payment of an order (I3: a unique index on OrderId).</summary>
public sealed class OrderPayment
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public required string UserId { get; set; }
    public decimal Amount { get; set; }
    public PaymentStatus Status { get; set; }
    public string? FailureReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Optimistic concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; set; }
}

public enum PaymentStatus
{
    Processing,
    Succeeded,
    Failed,
    Refunded,
}

namespace FlashSale.Payment.Payments;

/// <summary>
/// The one payment of an order (I3: a unique index on OrderId). It records what the shopper asked for
/// (Idempotency-Key), what the simulated provider answered (capture) and how the saga settled it.
/// </summary>
public sealed class OrderPayment
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public required string UserId { get; set; }
    public decimal Amount { get; set; }

    /// <summary>The key of the request that created the payment; a retry with it gets the same answer.</summary>
    public required string IdempotencyKey { get; set; }

    public PaymentStatus Status { get; set; }

    /// <summary>Why the payment failed or was refused (the saga's reason); null while processing or once succeeded.</summary>
    public string? FailureReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The provider's answer, kept so a repeated CapturePayment gets it again without a second call.</summary>
    public CaptureOutcome? CaptureOutcome { get; set; }

    public string? CaptureDeclineReason { get; set; }

    /// <summary>When the capture was decided (by the provider, or declined here without asking it).</summary>
    public DateTimeOffset? CaptureDecidedAt { get; set; }

    /// <summary>When the saga reported the final status.</summary>
    public DateTimeOffset? SettledAt { get; set; }

    /// <summary>Optimistic concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; set; }
}

public enum PaymentStatus
{
    Processing,
    Succeeded,
    Failed,

    /// <summary>The order was no longer payable when the payment reached the saga (late payment): no money moved.</summary>
    Refused,
}

public enum CaptureOutcome
{
    Captured,
    Declined,
}

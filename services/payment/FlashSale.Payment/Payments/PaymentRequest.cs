using System.Diagnostics;

namespace FlashSale.Payment.Payments;

/// <summary>A shopper's well-formed request to pay an order (ids parsed, Idempotency-Key present), waiting to be decided.</summary>
public sealed record PaymentRequest(long OrderId, string UserId, string IdempotencyKey)
{
    /// <summary>The request's trace, continued by the PaymentRequested it may write.</summary>
    public ActivityContext Trace { get; init; }
}

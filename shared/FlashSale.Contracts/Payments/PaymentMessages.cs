namespace FlashSale.Contracts.Payments;

/// <summary>
/// Order saga → payment service: the order exists and can be paid until its deadline. The payment service keeps
/// these as its own read model, so accepting a payment never waits on the order service.
/// </summary>
public sealed record OrderAwaitingPayment(long OrderId, string UserId, decimal Amount, DateTimeOffset PaymentDeadline);

/// <summary>Payment service → order saga: the shopper asked to pay this order.</summary>
public sealed record PaymentRequested(long PaymentId, long OrderId, string UserId, decimal Amount);

/// <summary>Order saga → payment service: funds are frozen; run the (simulated) external provider.</summary>
public sealed record CapturePayment(long PaymentId, long OrderId, string UserId, decimal Amount);

/// <summary>Payment service → order saga: the provider accepted the payment.</summary>
public sealed record PaymentCaptured(long PaymentId, long OrderId);

/// <summary>Payment service → order saga: the provider declined; the saga compensates.</summary>
public sealed record PaymentCaptureFailed(long PaymentId, long OrderId, string Reason);

/// <summary>Order saga → payment service: how the payment ended (<see cref="PaymentOutcomes"/>).</summary>
public sealed record PaymentSettled(long PaymentId, long OrderId, string Outcome, string? Reason);

public static class PaymentOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>The order was no longer payable when the payment reached it (late payment): no money moved.</summary>
    public const string Refused = "refused";
}

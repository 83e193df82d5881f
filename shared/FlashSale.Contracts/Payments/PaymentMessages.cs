namespace FlashSale.Contracts.Payments;

/// <summary>An order that exists and can be paid until its deadline (an entry of <see cref="OrdersAwaitingPayment"/>).</summary>
public sealed record OrderAwaitingPayment(long OrderId, string UserId, decimal Amount, DateTimeOffset PaymentDeadline);

/// <summary>
/// Order saga → payment service: the orders one transaction created. The payment service keeps them as its own
/// read model, so accepting a payment never waits on the order service. One message per creation batch, not per
/// order: under a spike a batch holds dozens of orders, and the announcement costs one send and one consume.
/// </summary>
public sealed record OrdersAwaitingPayment(IReadOnlyList<OrderAwaitingPayment> Orders);

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

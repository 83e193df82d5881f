namespace FlashSale.Payment.Provider;

public sealed record CaptureRequest(long PaymentId, long OrderId, string UserId, decimal Amount);

/// <summary>The provider's answer: captured, or declined with a reason (see <see cref="DeclineReasons"/>).</summary>
public sealed record CaptureResult(bool Captured, string? DeclineReason)
{
    public static readonly CaptureResult Accepted = new(true, null);

    public static CaptureResult Declined(string reason) => new(false, reason);
}

/// <summary>
/// The external payment provider that takes the money while the wallet holds it frozen. It is called
/// once per payment: the capture consumer records the answer and replays it for repeated commands.
/// </summary>
public interface IPaymentProvider
{
    Task<CaptureResult> CaptureAsync(CaptureRequest request, CancellationToken ct);
}

public static class DeclineReasons
{
    /// <summary>The amount is above the configured <c>DeclineAmountsAbove</c>.</summary>
    public const string AmountOverLimit = "amount-over-limit";

    /// <summary>The user id starts with the configured <c>DeclineUserIdsStartingWith</c> prefix.</summary>
    public const string CardDeclined = "card-declined";

    /// <summary>A random failure drawn with the configured <c>FailureRate</c>.</summary>
    public const string SimulatedFailure = "simulated-failure";

    /// <summary>The command's amount or order does not match the payment on record: nothing is charged.</summary>
    public const string PaymentMismatch = "payment-mismatch";

    /// <summary>No payment with this id exists here: nothing is charged.</summary>
    public const string UnknownPayment = "unknown-payment";

    /// <summary>The saga had already settled the payment before asking for a capture.</summary>
    public const string AlreadySettled = "already-settled";
}

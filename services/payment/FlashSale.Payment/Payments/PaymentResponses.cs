using System.Text.Json;

namespace FlashSale.Payment.Payments;

/// <summary>202 body of POST /api/orders/{id}/payment: the payment to poll at /api/payments/{paymentId}.</summary>
public sealed record PaymentAccepted(string PaymentId, string Status)
{
    public static PaymentAccepted For(OrderPayment payment) =>
        new(PaymentRules.FormatId(payment.Id), PaymentResponse.StatusName(PaymentStatus.Processing));
}

/// <summary>The payment as the API shows it (status query): ids as decimal strings, status in camelCase.</summary>
public sealed record PaymentResponse(
    string PaymentId,
    string OrderId,
    decimal Amount,
    string Status,
    string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SettledAt)
{
    public static PaymentResponse From(OrderPayment payment) => new(
        PaymentRules.FormatId(payment.Id),
        PaymentRules.FormatId(payment.OrderId),
        payment.Amount,
        StatusName(payment.Status),
        payment.FailureReason,
        payment.CreatedAt,
        payment.SettledAt);

    public static string StatusName(PaymentStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}

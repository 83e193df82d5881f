using FlashSale.Contracts.Payments;
using FlashSale.Payment.Payments;

namespace FlashSale.Payment.SagaMessages;

public static class PaymentSettlement
{
    /// <summary>The payment status a saga outcome ends in.</summary>
    public static PaymentStatus StatusOf(string outcome) => outcome switch
    {
        PaymentOutcomes.Succeeded => PaymentStatus.Succeeded,
        PaymentOutcomes.Failed => PaymentStatus.Failed,
        PaymentOutcomes.Refused => PaymentStatus.Refused,
        _ => throw new UnknownPaymentOutcomeException(outcome),
    };
}

/// <summary>A PaymentSettled outside the contract: retrying cannot help, so it goes straight to the _error queue.</summary>
public sealed class UnknownPaymentOutcomeException(string outcome)
    : Exception($"'{outcome}' is not a payment outcome ({PaymentOutcomes.Succeeded}, {PaymentOutcomes.Failed}, {PaymentOutcomes.Refused}).");

using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Payment.Payments;

public static class PaymentProblems
{
    public static ProblemHttpResult OrderNotFound(long orderId) =>
        ProblemTypes.NotFound("order-not-found", $"You have no order {orderId}.");

    public static ProblemHttpResult PaymentNotFound(string paymentId) =>
        ProblemTypes.NotFound("payment-not-found", $"You have no payment {paymentId}.");

    public static ProblemHttpResult NotPayable(string detail) =>
        ProblemTypes.Problem(StatusCodes.Status409Conflict, "order-not-payable", "The order cannot be paid.", detail);

    public static ProblemHttpResult AlreadyHasPayment(OrderPayment existing) => NotPayable(
        $"Order {existing.OrderId} already has a payment ({existing.Id}, {PaymentResponse.StatusName(existing.Status)}); " +
        $"follow it at /api/payments/{existing.Id}.");

    public static ProblemHttpResult InvalidId(string field, string what) =>
        ProblemTypes.Validation(field, $"must be {what} id (a positive decimal integer).");
}

using System.Diagnostics;
using FlashSale.Contracts.Payments;
using FlashSale.Payment.Data;
using FlashSale.Payment.Orders;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.OpenApi;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Payment.Payments;

public static class PaymentApi
{
    public static IEndpointRouteBuilder MapPaymentApi(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders/{id}/payment").WithTags("Payments").RequireAuthorization();
        orders.MapPost("/", RequestPayment).WithName("RequestPayment")
            .ProducesProblems("validation", "order-not-found", "order-not-payable", "rate-limited", "unavailable")
            .WithRequestExample(body: null, ("id", "254309283691237376"), ("Idempotency-Key", "pay-254309283691237376"));
        orders.MapGet("/", GetOrderPayment).WithName("GetOrderPayment").ProducesProblems("validation", "payment-not-found", "rate-limited", "unavailable");
        app.MapGet("/api/payments/{id}", GetPayment).WithTags("Payments").RequireAuthorization().WithName("GetPayment")
            .ProducesProblems("validation", "payment-not-found", "unavailable");
        return app;
    }

    /// <summary>
    /// Accepts the shopper's payment and hands it to the order saga (PaymentRequested, through the outbox, in
    /// the payment's own transaction, shared with concurrent requests: <see cref="PaymentRequests"/>). One payment
    /// per order (I3): a retry with the same Idempotency-Key gets the same answer, any other attempt 409.
    /// </summary>
    public static async Task<Results<Accepted<PaymentAccepted>, ProblemHttpResult>> RequestPayment(
        string id,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        HttpContext http,
        PaymentRequests requests,
        PayableOrders orders,
        CancellationToken ct)
    {
        if (!PaymentRules.TryParseId(id, out var orderId))
        {
            return PaymentProblems.InvalidId("id", "an order");
        }

        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > PaymentRules.MaxIdempotencyKeyLength)
        {
            return ProblemTypes.Validation("Idempotency-Key",
                $"header is required: a client-chosen unique string of at most {PaymentRules.MaxIdempotencyKeyLength} characters.");
        }

        var request = new PaymentRequest(orderId, http.User.UserId(), idempotencyKey) { Trace = Activity.Current?.Context ?? default };
        // A shopper faster than the order's announcement waits for it (decided again when it arrives).
        return await orders.DecideWhenKnownAsync(orderId, () => requests.DecideAsync(request, ct), ct) ?? PaymentProblems.OrderNotFound(orderId);
    }

    /// <summary>Status query by payment id; owner only (someone else's payment answers 404 like a missing one).</summary>
    public static async Task<Results<Ok<PaymentResponse>, ProblemHttpResult>> GetPayment(
        string id, HttpContext http, PaymentDbContext db, CancellationToken ct)
    {
        if (!PaymentRules.TryParseId(id, out var paymentId))
        {
            return PaymentProblems.InvalidId("id", "a payment");
        }

        var userId = http.User.UserId();
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId && p.UserId == userId, ct);
        return payment is null ? PaymentProblems.PaymentNotFound(id) : TypedResults.Ok(PaymentResponse.From(payment));
    }

    /// <summary>Status query by order id, for a shopper who lost the 202; owner only.</summary>
    public static async Task<Results<Ok<PaymentResponse>, ProblemHttpResult>> GetOrderPayment(
        string id, HttpContext http, PaymentDbContext db, CancellationToken ct)
    {
        if (!PaymentRules.TryParseId(id, out var orderId))
        {
            return PaymentProblems.InvalidId("id", "an order");
        }

        var payment = await FindForOrderAsync(db, orderId, ct);
        return payment is null || payment.UserId != http.User.UserId()
            ? ProblemTypes.NotFound("payment-not-found", $"Order {orderId} has no payment of yours.")
            : TypedResults.Ok(PaymentResponse.From(payment));
    }

    private static Task<OrderPayment?> FindForOrderAsync(PaymentDbContext db, long orderId, CancellationToken ct) =>
        db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.OrderId == orderId, ct);
}

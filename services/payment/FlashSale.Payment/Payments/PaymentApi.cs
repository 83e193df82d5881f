using FlashSale.BuildingBlocks.Ids;
using FlashSale.Contracts;
using FlashSale.Contracts.Payments;
using FlashSale.Messaging.Outbox;
using FlashSale.Payment.Data;
using FlashSale.Payment.Metrics;
using FlashSale.Payment.Orders;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.OpenApi;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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
    /// the payment's own transaction). One payment per order (I3): a retry with the same Idempotency-Key gets
    /// the same answer, any other attempt 409 — also when concurrent first attempts race on the unique index.
    /// </summary>
    public static async Task<Results<Accepted<PaymentAccepted>, ProblemHttpResult>> RequestPayment(
        string id,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        HttpContext http,
        PaymentDbContext db,
        PayableOrders orders,
        IIdGenerator ids,
        PaymentMetrics metrics,
        TimeProvider time,
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

        // Answered from the payment on record first: by the time a retry comes, the order is "paying" or "paid".
        var userId = http.User.UserId();
        if (await FindForOrderAsync(db, orderId, ct) is { } existing)
        {
            return AnswerFor(existing, userId, idempotencyKey);
        }

        // From the payment service's own read model: a busy or absent order service cannot hold this request up.
        var order = await orders.FindAsync(db, orderId, ct);
        if (order is null || order.UserId != userId)
        {
            return PaymentProblems.OrderNotFound(orderId);
        }

        var now = time.GetUtcNow();
        if (order.NotPayableBecause(now) is { } reason)
        {
            return PaymentProblems.NotPayable(reason);
        }

        var payment = new OrderPayment
        {
            Id = ids.NextId(),
            OrderId = orderId,
            UserId = userId,
            Amount = decimal.Round(order.Amount, 2, MidpointRounding.AwayFromZero),
            IdempotencyKey = idempotencyKey,
            Status = PaymentStatus.Processing,
            CreatedAt = now,
        };
        db.Payments.Add(payment);
        db.AddToOutbox(new PaymentRequested(payment.Id, orderId, userId, payment.Amount), ServiceQueues.OrderSagaAddress, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent first attempt won the order's one payment; answer as if it had come first.
            db.ChangeTracker.Clear();
            var winner = await FindForOrderAsync(db, orderId, ct)
                ?? throw new InvalidOperationException($"Order {orderId}'s payment violated the unique index but cannot be found.", e);
            return AnswerFor(winner, userId, idempotencyKey);
        }

        metrics.Requested();
        return Accepted(payment);
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

    /// <summary>The order already has its payment: the same request again, someone else's order, or a second attempt.</summary>
    private static Results<Accepted<PaymentAccepted>, ProblemHttpResult> AnswerFor(OrderPayment existing, string userId, string idempotencyKey)
    {
        if (existing.UserId != userId)
        {
            return PaymentProblems.OrderNotFound(existing.OrderId);
        }

        return existing.IdempotencyKey == idempotencyKey ? Accepted(existing) : PaymentProblems.AlreadyHasPayment(existing);
    }

    private static Accepted<PaymentAccepted> Accepted(OrderPayment payment) =>
        TypedResults.Accepted($"/api/payments/{PaymentRules.FormatId(payment.Id)}", PaymentAccepted.For(payment));
}

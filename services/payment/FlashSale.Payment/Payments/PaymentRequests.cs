using FlashSale.BuildingBlocks.Batching;
using FlashSale.BuildingBlocks.Ids;
using FlashSale.Contracts;
using FlashSale.Contracts.Payments;
using FlashSale.Messaging.Outbox;
using FlashSale.Messaging.Tracing;
using FlashSale.Payment.Data;
using FlashSale.Payment.Metrics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FlashSale.Payment.Payments;

/// <summary>
/// Decides payment requests and records the accepted ones with their PaymentRequested (outbox), many requests per
/// transaction: every concurrent request waits for a batch (<see cref="GroupCommit{TItem,TResult}"/>), which
/// reads the batch's payments and payable orders in one query each and commits every accepted payment in one
/// round trip and one fsync. One payment per order (I3) is decided in the batch (two requests of one order are
/// in the same worker's batch, the second sees the first's payment) and, against another replica, by the unique
/// index on OrderId: a batch that breaks it is decided again request by request, and the loser answers as if the
/// winner had come first. Null means the order has not reached the read model yet (the caller waits for it).
/// </summary>
public sealed class PaymentRequests : IDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly IIdGenerator _ids;
    private readonly PaymentMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly GroupCommit<PaymentRequest, Results<Accepted<PaymentAccepted>, ProblemHttpResult>?> _queue;

    public PaymentRequests(IServiceScopeFactory scopes, IIdGenerator ids, PaymentMetrics metrics, TimeProvider time,
        IOptions<PaymentRequestOptions> options, ILogger<PaymentRequests> logger)
    {
        _scopes = scopes;
        _ids = ids;
        _metrics = metrics;
        _time = time;
        _queue = new(DecideAsync, r => r.OrderId, options.Value.Workers, options.Value.MaxBatchSize,
            (e, count) => logger.LogInformation(e, "A batch of {Count} payment requests failed; each is decided again alone", count));
    }

    /// <summary>The answer to <paramref name="request"/>, or null when its order is not (yet) known here.</summary>
    public Task<Results<Accepted<PaymentAccepted>, ProblemHttpResult>?> DecideAsync(PaymentRequest request, CancellationToken ct) =>
        _queue.SubmitAsync(request, ct);

    public void Dispose() => _queue.Dispose();

    private async Task<IReadOnlyList<Results<Accepted<PaymentAccepted>, ProblemHttpResult>?>> DecideAsync(
        IReadOnlyList<PaymentRequest> batch, CancellationToken ct)
    {
        using var traces = OutboxTraceScope.Begin(batch.Select(r => ((long?)r.OrderId, r.Trace)));
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentDbContext>();
        var orderIds = batch.Select(r => r.OrderId).Distinct().ToArray();
        // Answered from the payment on record first: by the time a retry comes, the order is "paying" or "paid".
        var payments = await db.Payments.AsNoTracking().Where(p => orderIds.Contains(p.OrderId)).ToDictionaryAsync(p => p.OrderId, ct);
        // From the payment service's own read model: a busy or absent order service cannot hold a payment up.
        var payable = await db.PayableOrders.AsNoTracking().Where(o => orderIds.Contains(o.OrderId)).ToDictionaryAsync(o => o.OrderId, ct);
        var now = _time.GetUtcNow();
        var answers = new Results<Accepted<PaymentAccepted>, ProblemHttpResult>?[batch.Count];
        var accepted = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var request = batch[i];
            if (payments.TryGetValue(request.OrderId, out var existing))
            {
                answers[i] = AnswerFor(existing, request);
            }
            else if (!payable.TryGetValue(request.OrderId, out var order))
            {
                answers[i] = null;
            }
            else if (order.UserId != request.UserId)
            {
                answers[i] = PaymentProblems.OrderNotFound(request.OrderId);
            }
            else if (order.NotPayableBecause(now) is { } reason)
            {
                answers[i] = PaymentProblems.NotPayable(reason);
            }
            else
            {
                var payment = Record(db, request, order.Amount, now);
                payments[request.OrderId] = payment;
                answers[i] = Accepted(payment);
                accepted++;
            }
        }

        if (accepted == 0)
        {
            return answers;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (batch.Count == 1 && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent first attempt (another replica) won the order's one payment; answer as if it had come first.
            db.ChangeTracker.Clear();
            var winner = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.OrderId == batch[0].OrderId, ct)
                ?? throw new InvalidOperationException($"Order {batch[0].OrderId}'s payment violated the unique index but cannot be found.", e);
            return [AnswerFor(winner, batch[0])];
        }

        _metrics.Requested(accepted);
        return answers;
    }

    private OrderPayment Record(PaymentDbContext db, PaymentRequest request, decimal amount, DateTimeOffset now)
    {
        var payment = new OrderPayment
        {
            Id = _ids.NextId(),
            OrderId = request.OrderId,
            UserId = request.UserId,
            Amount = decimal.Round(amount, 2, MidpointRounding.AwayFromZero),
            IdempotencyKey = request.IdempotencyKey,
            Status = PaymentStatus.Processing,
            CreatedAt = now,
        };
        db.Payments.Add(payment);
        db.AddToOutbox(new PaymentRequested(payment.Id, payment.OrderId, payment.UserId, payment.Amount), ServiceQueues.OrderSagaAddress, now);
        return payment;
    }

    /// <summary>The order already has its payment: the same request again, someone else's order, or a second attempt.</summary>
    private static Results<Accepted<PaymentAccepted>, ProblemHttpResult> AnswerFor(OrderPayment existing, PaymentRequest request)
    {
        if (existing.UserId != request.UserId)
        {
            return PaymentProblems.OrderNotFound(existing.OrderId);
        }

        return existing.IdempotencyKey == request.IdempotencyKey ? Accepted(existing) : PaymentProblems.AlreadyHasPayment(existing);
    }

    private static Accepted<PaymentAccepted> Accepted(OrderPayment payment) =>
        TypedResults.Accepted($"/api/payments/{PaymentRules.FormatId(payment.Id)}", PaymentAccepted.For(payment));
}

using System.Diagnostics;
using FlashSale.Contracts;
using FlashSale.Contracts.Payments;
using FlashSale.Messaging.Inbox;
using FlashSale.Messaging.Outbox;
using FlashSale.Payment.Data;
using FlashSale.Payment.Metrics;
using FlashSale.Payment.Orders;
using FlashSale.Payment.Payments;
using FlashSale.Payment.Provider;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Payment.SagaMessages;

/// <summary>
/// A message of the saga to the payment service (<see cref="OrdersAwaitingPayment"/>, <see cref="CapturePayment"/> or
/// <see cref="PaymentSettled"/>) and the key of the rows it touches (the order, or the payment).
/// </summary>
public sealed record PaymentMessage(object Message, long Key);

/// <summary>
/// Applies a batch of the saga's messages in one transaction (<see cref="InboxBatcher{TContext,T}"/>).
/// OrdersAwaitingPayment: the orders join the read model of payable orders (one multi-row insert; a repeat is
/// ignored), and requests waiting for it are woken after the commit. For the other messages, the batch's
/// payments are locked in one query (by id, so batches of two replicas lock in the same order); each payment's
/// messages then run in arrival order, and the provider calls of different payments run concurrently instead of
/// one after another. CapturePayment: the provider's answer is recorded on the payment with the reply
/// (PaymentCaptured or PaymentCaptureFailed), so a repeated command gets the same reply and the provider is asked
/// once per payment. PaymentSettled: the first settlement is final; a repeated one changes nothing and a
/// contradicting one is logged and ignored (a payment the shopper saw succeed never turns into a failure).
/// </summary>
public sealed class PaymentMessageBatch(
    PaymentDbContext db, IPaymentProvider provider, PayableOrders payableOrders, PaymentMetrics metrics, TimeProvider time,
    ILogger<PaymentMessageBatch> logger)
    : IInboxBatchHandler<PaymentMessage>
{
    private readonly List<Action> _counted = [];

    public async Task HandleAsync(IReadOnlyList<PaymentMessage> batch, DateTimeOffset now, CancellationToken ct)
    {
        _counted.Clear();
        await RecordPayableAsync(batch.Select(m => m.Message).OfType<OrdersAwaitingPayment>().SelectMany(m => m.Orders).DistinctBy(o => o.OrderId).ToList(), now, ct);
        var paymentMessages = batch.Where(m => m.Message is not OrdersAwaitingPayment).ToList();
        if (paymentMessages.Count == 0)
        {
            return;
        }

        var ids = paymentMessages.Select(m => m.Key).Distinct().Order().ToArray();
        var payments = await db.Payments
            .FromSqlInterpolated($"SELECT *, xmin FROM payments WHERE id = ANY({ids}) ORDER BY id FOR UPDATE")
            .ToDictionaryAsync(p => p.Id, ct);

        // Only the provider is awaited concurrently; the tracked payments are changed, never queried, meanwhile.
        var replies = await Task.WhenAll(paymentMessages.GroupBy(m => m.Key)
            .Select(messages => HandleAsync(payments.GetValueOrDefault(messages.Key), messages, ct)));
        foreach (var reply in replies.SelectMany(r => r))
        {
            db.AddToOutbox(reply, ServiceQueues.OrderSagaAddress, now);
        }
    }

    // Counted once the batch committed: a batch that rolls back and runs again alone is not counted twice.
    public void Committed(IReadOnlyList<PaymentMessage> batch)
    {
        _counted.ForEach(count => count());
        payableOrders.Recorded(batch.Select(m => m.Message).OfType<OrdersAwaitingPayment>().SelectMany(m => m.Orders).Select(o => o.OrderId));
    }

    private async Task RecordPayableAsync(List<OrderAwaitingPayment> orders, DateTimeOffset now, CancellationToken ct)
    {
        if (orders.Count == 0)
        {
            return;
        }

        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO payable_orders (order_id, user_id, amount, payment_deadline, known_at)
            SELECT o.id, o.user_id, o.amount, o.deadline, {now}
            FROM unnest({orders.Select(o => o.OrderId).ToArray()}::bigint[], {orders.Select(o => o.UserId).ToArray()}::text[],
                        {orders.Select(o => o.Amount).ToArray()}::numeric[], {orders.Select(o => o.PaymentDeadline.ToUniversalTime()).ToArray()}::timestamptz[])
                 AS o(id, user_id, amount, deadline)
            ON CONFLICT (order_id) DO NOTHING
            """, ct);
    }

    private async Task<List<object>> HandleAsync(OrderPayment? payment, IEnumerable<PaymentMessage> messages, CancellationToken ct)
    {
        var replies = new List<object>();
        foreach (var message in messages)
        {
            switch (message.Message)
            {
                case CapturePayment capture:
                    var result = await CaptureAsync(payment, capture, ct);
                    replies.Add(result.Captured
                        ? new PaymentCaptured(capture.PaymentId, capture.OrderId)
                        : new PaymentCaptureFailed(capture.PaymentId, capture.OrderId, result.DeclineReason!));
                    break;
                case PaymentSettled settled:
                    Settle(payment, settled);
                    break;
                default:
                    throw new ArgumentException($"{message.Message.GetType().Name} is not a payment message.", nameof(messages));
            }
        }

        return replies;
    }

    private async Task<CaptureResult> CaptureAsync(OrderPayment? payment, CapturePayment command, CancellationToken ct)
    {
        if (payment is null)
        {
            logger.LogError("CapturePayment for unknown payment {PaymentId} (order {OrderId}); declined without calling the provider", command.PaymentId, command.OrderId);
            return CaptureResult.Declined(DeclineReasons.UnknownPayment);
        }

        if (payment.CaptureOutcome is { } recorded)
        {
            return recorded == CaptureOutcome.Captured ? CaptureResult.Accepted : CaptureResult.Declined(payment.CaptureDeclineReason ?? "declined");
        }

        var result = await DecideAsync(payment, command, ct);
        payment.CaptureOutcome = result.Captured ? CaptureOutcome.Captured : CaptureOutcome.Declined;
        payment.CaptureDeclineReason = PaymentRules.Bounded(result.DeclineReason);
        payment.CaptureDecidedAt = time.GetUtcNow();
        return result;
    }

    private async Task<CaptureResult> DecideAsync(OrderPayment payment, CapturePayment command, CancellationToken ct)
    {
        if (payment.OrderId != command.OrderId || payment.Amount != command.Amount || payment.UserId != command.UserId)
        {
            logger.LogError("CapturePayment for payment {PaymentId} does not match it (order {OrderId}, {Amount} for {UserId}); declined without calling the provider",
                command.PaymentId, command.OrderId, command.Amount, command.UserId);
            return CaptureResult.Declined(DeclineReasons.PaymentMismatch);
        }

        if (payment.Status != PaymentStatus.Processing)
        {
            logger.LogWarning("CapturePayment for payment {PaymentId}, already settled as {Status}; declined", payment.Id, payment.Status);
            return CaptureResult.Declined(DeclineReasons.AlreadySettled);
        }

        var started = Stopwatch.GetTimestamp();
        var result = await provider.CaptureAsync(new CaptureRequest(payment.Id, payment.OrderId, payment.UserId, payment.Amount), ct);
        var (outcome, took) = (result.Captured ? "captured" : result.DeclineReason!, Stopwatch.GetElapsedTime(started));
        lock (_counted)
        {
            _counted.Add(() => metrics.Captured(outcome, took));
        }

        return result;
    }

    private void Settle(OrderPayment? payment, PaymentSettled settled)
    {
        var status = PaymentSettlement.StatusOf(settled.Outcome);
        if (payment is null)
        {
            logger.LogError("PaymentSettled ({Outcome}) for unknown payment {PaymentId} of order {OrderId}; nothing to record",
                settled.Outcome, settled.PaymentId, settled.OrderId);
            return;
        }

        if (payment.Status != PaymentStatus.Processing)
        {
            if (payment.Status != status)
            {
                logger.LogWarning("Payment {PaymentId} is already {Status}; a later PaymentSettled says {Outcome} and is ignored",
                    payment.Id, payment.Status, settled.Outcome);
            }

            return;
        }

        payment.Status = status;
        payment.FailureReason = status == PaymentStatus.Succeeded ? null : PaymentRules.Bounded(settled.Reason ?? settled.Outcome);
        payment.SettledAt = time.GetUtcNow();
        lock (_counted)
        {
            _counted.Add(() => metrics.Settled(settled.Outcome));
        }
    }
}

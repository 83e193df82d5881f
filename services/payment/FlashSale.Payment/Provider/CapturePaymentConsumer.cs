using System.Diagnostics;
using FlashSale.Contracts;
using FlashSale.Contracts.Payments;
using FlashSale.Payment.Data;
using FlashSale.Payment.Metrics;
using FlashSale.Payment.Payments;
using FlashSale.ServiceDefaults.Inbox;
using FlashSale.ServiceDefaults.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Payment.Provider;

/// <summary>
/// The saga froze the funds; the provider now takes the payment. The provider's answer is recorded on the
/// payment under a row lock, in the same transaction as the inbox row and the reply, so a redelivered or
/// re-sent CapturePayment gets the same reply and the provider is asked once per payment.
/// </summary>
public sealed class CapturePaymentConsumer(
    PaymentDbContext db, IPaymentProvider provider, PaymentMetrics metrics, TimeProvider time, ILogger<CapturePaymentConsumer> logger)
    : IConsumer<CapturePayment>
{
    public async Task Consume(ConsumeContext<CapturePayment> context)
    {
        var command = context.Message;
        await db.ConsumeOnceAsync(context, nameof(CapturePaymentConsumer), time, async ct =>
        {
            // The row lock makes a concurrent second command wait here, then find the recorded answer.
            var payment = await db.Payments
                .FromSqlInterpolated($"SELECT *, xmin FROM payments WHERE id = {command.PaymentId} FOR UPDATE")
                .SingleOrDefaultAsync(ct);
            var result = payment is null
                ? Unknown(command)
                : payment.CaptureOutcome is not null
                    ? Recorded(payment)
                    : Record(payment, await DecideAsync(payment, command, ct));
            var now = time.GetUtcNow();
            if (result.Captured)
            {
                db.AddToOutbox(new PaymentCaptured(command.PaymentId, command.OrderId), ServiceQueues.OrderSagaAddress, now);
            }
            else
            {
                db.AddToOutbox(new PaymentCaptureFailed(command.PaymentId, command.OrderId, result.DeclineReason!), ServiceQueues.OrderSagaAddress, now);
            }
        });
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
        metrics.Captured(result.Captured ? "captured" : result.DeclineReason!, Stopwatch.GetElapsedTime(started));
        return result;
    }

    private CaptureResult Record(OrderPayment payment, CaptureResult result)
    {
        payment.CaptureOutcome = result.Captured ? CaptureOutcome.Captured : CaptureOutcome.Declined;
        payment.CaptureDeclineReason = PaymentRules.Bounded(result.DeclineReason);
        payment.CaptureDecidedAt = time.GetUtcNow();
        return result;
    }

    private static CaptureResult Recorded(OrderPayment payment) => payment.CaptureOutcome == CaptureOutcome.Captured
        ? CaptureResult.Accepted
        : CaptureResult.Declined(payment.CaptureDeclineReason ?? "declined");

    private CaptureResult Unknown(CapturePayment command)
    {
        logger.LogError("CapturePayment for unknown payment {PaymentId} (order {OrderId}); declined without calling the provider", command.PaymentId, command.OrderId);
        return CaptureResult.Declined(DeclineReasons.UnknownPayment);
    }
}

public sealed class CapturePaymentConsumerDefinition : ConsumerDefinition<CapturePaymentConsumer>
{
    public CapturePaymentConsumerDefinition() => EndpointName = ServiceQueues.PaymentProvider;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CapturePaymentConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Per consumer, not per endpoint: PaymentSettledConsumer shares this queue and brings its own policy.
        // Bounded retries, then the _error queue for operators; never acked before handling.
        consumerConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
    }
}

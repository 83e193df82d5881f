using FlashSale.Contracts;
using FlashSale.Contracts.Payments;
using FlashSale.Payment.Data;
using FlashSale.Payment.Metrics;
using FlashSale.Payment.Payments;
using FlashSale.ServiceDefaults.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Payment.Settlement;

/// <summary>
/// The saga says how the payment ended. The first settlement is final: a repeated one changes nothing,
/// and a contradicting one is logged and ignored (a payment the shopper saw succeed never turns into a failure).
/// </summary>
public sealed class PaymentSettledConsumer(PaymentDbContext db, PaymentMetrics metrics, TimeProvider time, ILogger<PaymentSettledConsumer> logger)
    : IConsumer<PaymentSettled>
{
    public async Task Consume(ConsumeContext<PaymentSettled> context)
    {
        var settled = context.Message;
        var status = StatusOf(settled.Outcome);
        await db.ConsumeOnceAsync(context, nameof(PaymentSettledConsumer), time, async ct =>
        {
            var payment = await db.Payments.FirstOrDefaultAsync(p => p.Id == settled.PaymentId, ct);
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
            metrics.Settled(settled.Outcome);
        });
    }

    private static PaymentStatus StatusOf(string outcome) => outcome switch
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

public sealed class PaymentSettledConsumerDefinition : ConsumerDefinition<PaymentSettledConsumer>
{
    public PaymentSettledConsumerDefinition() => EndpointName = ServiceQueues.PaymentProvider;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<PaymentSettledConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Concurrent settlements of one payment conflict on its row version; the retry finds it settled.
        consumerConfigurator.UseMessageRetry(r =>
        {
            r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
            r.Ignore<UnknownPaymentOutcomeException>();
        });
    }
}

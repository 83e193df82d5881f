using FlashSale.Contracts;
using FlashSale.Contracts.Payments;
using FlashSale.Messaging.Inbox;
using FlashSale.Payment.Data;
using FlashSale.Payment.Payments;
using MassTransit;

namespace FlashSale.Payment.SagaMessages;

/// <summary>The saga says how the payment ended; recorded once (<see cref="PaymentMessageBatch"/>).</summary>
public sealed class PaymentSettledConsumer(InboxBatcher<PaymentDbContext, PaymentMessage> payments) : IConsumer<PaymentSettled>
{
    public Task Consume(ConsumeContext<PaymentSettled> context) => payments.ConsumeAsync(context, PayloadOf(context.Message));

    public static PaymentMessage PayloadOf(PaymentSettled settled)
    {
        // Checked before the batch: an outcome outside the contract fails alone, straight to the _error queue.
        PaymentSettlement.StatusOf(settled.Outcome);
        return new PaymentMessage(settled, settled.PaymentId);
    }
}

public sealed class PaymentSettledConsumerDefinition : PaymentMessageDefinition<PaymentSettledConsumer>;

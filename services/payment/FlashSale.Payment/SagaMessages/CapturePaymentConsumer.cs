using FlashSale.Contracts;
using FlashSale.Contracts.Payments;
using FlashSale.Messaging.Inbox;
using FlashSale.Payment.Data;
using FlashSale.Payment.Payments;
using MassTransit;

namespace FlashSale.Payment.SagaMessages;

/// <summary>
/// The saga froze the funds; the provider now takes the payment. The inbox row, the provider's recorded answer
/// and the reply commit together (<see cref="PaymentMessageBatch"/>).
/// </summary>
public sealed class CapturePaymentConsumer(InboxBatcher<PaymentDbContext, PaymentMessage> payments) : IConsumer<CapturePayment>
{
    public Task Consume(ConsumeContext<CapturePayment> context) =>
        payments.ConsumeAsync(context, new PaymentMessage(context.Message, context.Message.PaymentId));
}

public sealed class CapturePaymentConsumerDefinition : PaymentMessageDefinition<CapturePaymentConsumer>;

using FlashSale.Contracts.Payments;
using FlashSale.Messaging.Bundles;
using FlashSale.Messaging.Inbox;
using FlashSale.Payment.Data;
using FlashSale.Payment.Orders;

namespace FlashSale.Payment.SagaMessages;

/// <summary>The saga's messages to payment that came as one bundle, each applied as if alone (<see cref="MessageBundleConsumer{TContext,T}"/>).</summary>
public sealed class PaymentBundleConsumer(InboxBatcher<PaymentDbContext, PaymentMessage> payments)
    : MessageBundleConsumer<PaymentDbContext, PaymentMessage>(payments)
{
    protected override IReadOnlyCollection<Type> Accepts =>
        ConsumedBy(typeof(OrdersAwaitingPaymentConsumer), typeof(CapturePaymentConsumer), typeof(PaymentSettledConsumer));

    protected override PaymentMessage PayloadOf(object message) => message switch
    {
        OrdersAwaitingPayment announced => OrdersAwaitingPaymentConsumer.PayloadOf(announced),
        CapturePayment capture => new PaymentMessage(capture, capture.PaymentId),
        PaymentSettled settled => PaymentSettledConsumer.PayloadOf(settled),
        _ => throw new ArgumentException($"{message.GetType().Name} is not a message to the payment service.", nameof(message)),
    };
}

public sealed class PaymentBundleConsumerDefinition : PaymentMessageDefinition<PaymentBundleConsumer>;

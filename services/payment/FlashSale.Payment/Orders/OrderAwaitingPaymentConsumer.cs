using FlashSale.Contracts;
using FlashSale.Contracts.Payments;
using FlashSale.Payment.Data;
using FlashSale.Payment.SagaMessages;
using FlashSale.ServiceDefaults.Inbox;
using MassTransit;

namespace FlashSale.Payment.Orders;

/// <summary>The saga created an order: it joins the read model of payable orders (<see cref="PaymentMessageBatch"/>).</summary>
public sealed class OrderAwaitingPaymentConsumer(InboxBatcher<PaymentDbContext, PaymentMessage> payments) : IConsumer<OrderAwaitingPayment>
{
    public Task Consume(ConsumeContext<OrderAwaitingPayment> context) =>
        payments.ConsumeAsync(context.MessageId, nameof(OrderAwaitingPaymentConsumer),
            new PaymentMessage(context.Message, context.Message.OrderId), context.CancellationToken);
}

public sealed class OrderAwaitingPaymentConsumerDefinition : ConsumerDefinition<OrderAwaitingPaymentConsumer>
{
    public OrderAwaitingPaymentConsumerDefinition() => EndpointName = ServiceQueues.PaymentProvider;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<OrderAwaitingPaymentConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchForBatching();
        consumerConfigurator.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
    }
}

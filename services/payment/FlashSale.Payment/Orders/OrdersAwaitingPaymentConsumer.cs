using FlashSale.Contracts;
using FlashSale.Contracts.Payments;
using FlashSale.Messaging.Inbox;
using FlashSale.Payment.Data;
using FlashSale.Payment.SagaMessages;
using MassTransit;

namespace FlashSale.Payment.Orders;

/// <summary>The saga created orders: they join the read model of payable orders (<see cref="PaymentMessageBatch"/>).</summary>
public sealed class OrdersAwaitingPaymentConsumer(InboxBatcher<PaymentDbContext, PaymentMessage> payments) : IConsumer<OrdersAwaitingPayment>
{
    public Task Consume(ConsumeContext<OrdersAwaitingPayment> context) => payments.ConsumeAsync(context, PayloadOf(context.Message));

    public static PaymentMessage PayloadOf(OrdersAwaitingPayment announced) =>
        new(announced, announced.Orders.Count > 0 ? announced.Orders[0].OrderId : 0);
}

public sealed class OrdersAwaitingPaymentConsumerDefinition : PaymentMessageDefinition<OrdersAwaitingPaymentConsumer>;

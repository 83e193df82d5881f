using FlashSale.Contracts;
using FlashSale.Contracts.Funds;
using FlashSale.Contracts.Payments;
using FlashSale.Contracts.Stock;
using MassTransit;

namespace FlashSale.Order.Saga;

/// <summary>Every reply and request the saga reacts to, from the order-saga queue, each handed to <see cref="OrderSaga"/>.</summary>
public sealed class OrderSagaConsumer(OrderSagaStep step, ILogger<OrderSagaConsumer> logger) :
    IConsumer<StockCommitted>, IConsumer<StockReleased>,
    IConsumer<PaymentRequested>, IConsumer<PaymentCaptured>, IConsumer<PaymentCaptureFailed>,
    IConsumer<FundsFrozen>, IConsumer<FundsFreezeRefused>, IConsumer<FrozenFundsCharged>, IConsumer<FundsUnfrozen>
{
    public Task Consume(ConsumeContext<StockCommitted> context) =>
        step.RunAsync(context, context.Message.OrderId, (order, _) => OrderSaga.On(order, context.Message));

    public Task Consume(ConsumeContext<StockReleased> context) =>
        step.RunAsync(context, context.Message.OrderId, (order, _) => OrderSaga.On(order, context.Message));

    public Task Consume(ConsumeContext<PaymentRequested> context) =>
        step.RunAsync(context, context.Message.OrderId, (order, now) => OrderSaga.On(order, context.Message, now));

    public Task Consume(ConsumeContext<PaymentCaptured> context) =>
        step.RunAsync(context, context.Message.OrderId, (order, now) => OrderSaga.On(order, context.Message, now));

    public Task Consume(ConsumeContext<PaymentCaptureFailed> context) =>
        step.RunAsync(context, context.Message.OrderId, (order, now) => OrderSaga.On(order, context.Message, now));

    public Task Consume(ConsumeContext<FundsFrozen> context) =>
        step.RunAsync(context, context.Message.OrderId, (order, now) => OrderSaga.On(order, context.Message, now));

    public Task Consume(ConsumeContext<FundsFreezeRefused> context) =>
        step.RunAsync(context, context.Message.OrderId, (order, now) => OrderSaga.On(order, context.Message, now));

    public Task Consume(ConsumeContext<FrozenFundsCharged> context) =>
        step.RunAsync(context, context.Message.OrderId, (order, now) => OrderSaga.On(order, context.Message, now));

    public Task Consume(ConsumeContext<FundsUnfrozen> context)
    {
        if (context.Message.Outcome == UnfreezeOutcomes.AlreadyCharged)
        {
            // The saga never cancels a captured payment, so this means money was spent for a cancelled order.
            logger.LogError("Wallet reports order {OrderId}'s funds already charged when asked to unfreeze", context.Message.OrderId);
        }

        return step.RunAsync(context, context.Message.OrderId, (order, _) => OrderSaga.On(order, context.Message));
    }
}

public sealed class OrderSagaConsumerDefinition : ConsumerDefinition<OrderSagaConsumer>
{
    public OrderSagaConsumerDefinition() => EndpointName = ServiceQueues.OrderSaga;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<OrderSagaConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Optimistic-concurrency conflicts between steps of one order are expected under load: retry
        // them quickly; anything still failing after that goes to order-saga_error for operators.
        endpointConfigurator.UseMessageRetry(r => r.Exponential(8, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50)));
    }
}

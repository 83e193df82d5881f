using FlashSale.Contracts;
using FlashSale.Contracts.Funds;
using FlashSale.Contracts.Payments;
using FlashSale.Contracts.Stock;
using FlashSale.Messaging.Bus;
using FlashSale.Messaging.Inbox;
using FlashSale.Order.Data;
using FlashSale.Order.Orders;
using MassTransit;

namespace FlashSale.Order.Saga;

/// <summary>Every reply and request the saga reacts to, from the order-saga queue, each handed to <see cref="OrderSaga"/>.</summary>
public sealed class OrderSagaConsumer(InboxBatcher<OrderDbContext, SagaEvent> saga, ILogger<OrderSagaConsumer> logger) :
    IConsumer<StockReleased>,
    IConsumer<PaymentRequested>, IConsumer<PaymentCaptured>, IConsumer<PaymentCaptureFailed>,
    IConsumer<FundsFrozen>, IConsumer<FundsFreezeRefused>, IConsumer<FundsUnfrozen>
{
    // Inventory no longer answers releases; a StockReleased still queued from an older inventory during an upgrade is
    // applied as before (it only marks the stock returned).
    public Task Consume(ConsumeContext<StockReleased> context) =>
        RunAsync(context, context.Message.OrderId, (order, _) => OrderSaga.On(order, context.Message));

    public Task Consume(ConsumeContext<PaymentRequested> context) =>
        RunAsync(context, context.Message.OrderId, (order, now) => OrderSaga.On(order, context.Message, now));

    public Task Consume(ConsumeContext<PaymentCaptured> context) =>
        RunAsync(context, context.Message.OrderId, (order, now) => OrderSaga.On(order, context.Message, now));

    public Task Consume(ConsumeContext<PaymentCaptureFailed> context) =>
        RunAsync(context, context.Message.OrderId, (order, now) => OrderSaga.On(order, context.Message, now));

    public Task Consume(ConsumeContext<FundsFrozen> context) =>
        RunAsync(context, context.Message.OrderId, (order, now) => OrderSaga.On(order, context.Message, now));

    public Task Consume(ConsumeContext<FundsFreezeRefused> context) =>
        RunAsync(context, context.Message.OrderId, (order, now) => OrderSaga.On(order, context.Message, now));

    public Task Consume(ConsumeContext<FundsUnfrozen> context)
    {
        if (context.Message.Outcome == UnfreezeOutcomes.AlreadyCharged)
        {
            // The saga never cancels a captured payment, so this means money was spent for a cancelled order.
            logger.LogError("Wallet reports order {OrderId}'s funds already charged when asked to unfreeze", context.Message.OrderId);
        }

        return RunAsync(context, context.Message.OrderId, (order, _) => OrderSaga.On(order, context.Message));
    }

    private Task<bool> RunAsync<T>(ConsumeContext<T> context, long orderId, Func<PurchaseOrder, DateTimeOffset, IReadOnlyList<SagaCommand>> decide)
        where T : class =>
        saga.ConsumeAsync(context, new SagaEvent(orderId, typeof(T).Name, decide));
}

public sealed class OrderSagaConsumerDefinition : ConsumerDefinition<OrderSagaConsumer>
{
    public OrderSagaConsumerDefinition() => EndpointName = ServiceQueues.OrderSaga;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<OrderSagaConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Enough messages in flight for the batcher to group them (InboxBatcher); bounded, so a backlog waits
        // in RabbitMQ rather than in this process. Optimistic-concurrency conflicts between steps of one order
        // are expected under load: retry them quickly; anything still failing goes to order-saga_error.
        endpointConfigurator.PrefetchForBatching();
        endpointConfigurator.UseStoreRetry();
    }
}

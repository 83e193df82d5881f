using FlashSale.Contracts;
using FlashSale.Contracts.Funds;
using FlashSale.Contracts.Payments;
using FlashSale.Contracts.Stock;
using FlashSale.Messaging.Bundles;
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
    public Task Consume(ConsumeContext<StockReleased> context) => RunAsync(context);

    public Task Consume(ConsumeContext<PaymentRequested> context) => RunAsync(context);

    public Task Consume(ConsumeContext<PaymentCaptured> context) => RunAsync(context);

    public Task Consume(ConsumeContext<PaymentCaptureFailed> context) => RunAsync(context);

    public Task Consume(ConsumeContext<FundsFrozen> context) => RunAsync(context);

    public Task Consume(ConsumeContext<FundsFreezeRefused> context) => RunAsync(context);

    public Task Consume(ConsumeContext<FundsUnfrozen> context) => RunAsync(context);

    /// <summary>The saga step a message asks for: <see cref="OrderSaga"/>'s reaction to it, on its order.</summary>
    public static SagaEvent EventOf(object message, ILogger logger) => message switch
    {
        // Inventory no longer answers releases; a StockReleased still queued from an older inventory during an upgrade is
        // applied as before (it only marks the stock returned).
        StockReleased m => new SagaEvent(m.OrderId, nameof(StockReleased), (order, _) => OrderSaga.On(order, m)),
        PaymentRequested m => new SagaEvent(m.OrderId, nameof(PaymentRequested), (order, now) => OrderSaga.On(order, m, now)),
        PaymentCaptured m => new SagaEvent(m.OrderId, nameof(PaymentCaptured), (order, now) => OrderSaga.On(order, m, now)),
        PaymentCaptureFailed m => new SagaEvent(m.OrderId, nameof(PaymentCaptureFailed), (order, now) => OrderSaga.On(order, m, now)),
        FundsFrozen m => new SagaEvent(m.OrderId, nameof(FundsFrozen), (order, now) => OrderSaga.On(order, m, now)),
        FundsFreezeRefused m => new SagaEvent(m.OrderId, nameof(FundsFreezeRefused), (order, now) => OrderSaga.On(order, m, now)),
        FundsUnfrozen m => Unfrozen(m, logger),
        _ => throw new ArgumentException($"{message.GetType().Name} is not a message of the order saga.", nameof(message)),
    };

    private static SagaEvent Unfrozen(FundsUnfrozen unfrozen, ILogger logger)
    {
        if (unfrozen.Outcome == UnfreezeOutcomes.AlreadyCharged)
        {
            // The saga never cancels a captured payment, so this means money was spent for a cancelled order.
            logger.LogError("Wallet reports order {OrderId}'s funds already charged when asked to unfreeze", unfrozen.OrderId);
        }

        return new SagaEvent(unfrozen.OrderId, nameof(FundsUnfrozen), (order, _) => OrderSaga.On(order, unfrozen));
    }

    private Task<bool> RunAsync<T>(ConsumeContext<T> context) where T : class => saga.ConsumeAsync(context, EventOf(context.Message, logger));
}

/// <summary>Saga messages that came as one bundle, each applied as if alone (<see cref="MessageBundleConsumer{TContext,T}"/>).</summary>
public sealed class OrderSagaBundleConsumer(InboxBatcher<OrderDbContext, SagaEvent> saga, ILogger<OrderSagaBundleConsumer> logger)
    : MessageBundleConsumer<OrderDbContext, SagaEvent>(saga)
{
    protected override IReadOnlyCollection<Type> Accepts => ConsumedBy(typeof(OrderSagaConsumer));

    protected override SagaEvent PayloadOf(object message) => OrderSagaConsumer.EventOf(message, logger);
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

public sealed class OrderSagaBundleConsumerDefinition() : MessageBundleConsumerDefinition<OrderSagaBundleConsumer>(ServiceQueues.OrderSaga);

using FlashSale.Contracts;
using FlashSale.Contracts.Funds;
using FlashSale.Messaging.Bus;
using FlashSale.Messaging.Inbox;
using FlashSale.Wallet.Data;
using MassTransit;

namespace FlashSale.Wallet.Funds;

/// <summary>TCC Try from the order saga. The inbox row, the freeze and the reply commit together (<see cref="FundsCommandBatch"/>).</summary>
public sealed class FreezeFundsConsumer(InboxBatcher<WalletDbContext, FundsCommand> commands) : IConsumer<FreezeFunds>
{
    public Task Consume(ConsumeContext<FreezeFunds> context) =>
        commands.ConsumeAsync(context, new FundsCommand(context.Message, context.Message.UserId));
}

/// <summary>TCC Confirm from the order saga (<see cref="FundsCommandBatch"/>).</summary>
public sealed class ChargeFrozenFundsConsumer(InboxBatcher<WalletDbContext, FundsCommand> commands) : IConsumer<ChargeFrozenFunds>
{
    public Task Consume(ConsumeContext<ChargeFrozenFunds> context) =>
        commands.ConsumeAsync(context, new FundsCommand(context.Message, context.Message.UserId));
}

/// <summary>TCC Cancel from the order saga; answered whatever it finds (<see cref="FundsCommandBatch"/>).</summary>
public sealed class UnfreezeFundsConsumer(InboxBatcher<WalletDbContext, FundsCommand> commands) : IConsumer<UnfreezeFunds>
{
    public Task Consume(ConsumeContext<UnfreezeFunds> context) =>
        commands.ConsumeAsync(context, new FundsCommand(context.Message, context.Message.UserId));
}

/// <summary>
/// The three TCC commands (and the saga's order announcements) share the wallet's queue, prefetched deep enough for the batcher to group them.
/// Bounded retries (<see cref="MessageRetry"/>; a malformed command fails at once), then wallet-funds_error for operators.
/// </summary>
public abstract class FundsCommandDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    protected FundsCommandDefinition() => EndpointName = ServiceQueues.WalletFunds;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchForBatching();
        consumerConfigurator.UseStoreRetry(typeof(ArgumentException));
    }
}

public sealed class FreezeFundsConsumerDefinition : FundsCommandDefinition<FreezeFundsConsumer>;

public sealed class ChargeFrozenFundsConsumerDefinition : FundsCommandDefinition<ChargeFrozenFundsConsumer>;

public sealed class UnfreezeFundsConsumerDefinition : FundsCommandDefinition<UnfreezeFundsConsumer>;

public sealed class OrdersAwaitingPaymentConsumerDefinition : FundsCommandDefinition<SagaOrders.OrdersAwaitingPaymentConsumer>;

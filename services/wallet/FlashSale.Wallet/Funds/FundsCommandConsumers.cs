using FlashSale.Contracts;
using FlashSale.Contracts.Funds;
using FlashSale.Contracts.Payments;
using FlashSale.Messaging.Bundles;
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
/// TCC commands or order announcements that came as one bundle, each applied as if alone (<see cref="MessageBundleConsumer{TContext,T}"/>):
/// the commands through the batcher, the announcements as <see cref="SagaOrders.OrdersAwaitingPaymentConsumer"/> records them.
/// </summary>
public sealed class FundsBundleConsumer(InboxBatcher<WalletDbContext, FundsCommand> commands, WalletDbContext db, TimeProvider time)
    : MessageBundleConsumer<WalletDbContext, FundsCommand>(commands), IDisposable
{
    // The announcements of one bundle share this delivery's DbContext: one at a time.
    private readonly SemaphoreSlim _announcements = new(1, 1);

    protected override IReadOnlyCollection<Type> Accepts => ConsumedBy(typeof(FreezeFundsConsumer), typeof(ChargeFrozenFundsConsumer),
        typeof(UnfreezeFundsConsumer), typeof(SagaOrders.OrdersAwaitingPaymentConsumer));

    protected override FundsCommand PayloadOf(object message) => message switch
    {
        FreezeFunds m => new FundsCommand(m, m.UserId),
        ChargeFrozenFunds m => new FundsCommand(m, m.UserId),
        UnfreezeFunds m => new FundsCommand(m, m.UserId),
        _ => throw new ArgumentException($"{message.GetType().Name} is not a funds command.", nameof(message)),
    };

    protected override async Task ApplyAsync(BundledMessage item, object message, CancellationToken ct)
    {
        if (message is not OrdersAwaitingPayment announced)
        {
            await base.ApplyAsync(item, message, ct);
            return;
        }

        await _announcements.WaitAsync(ct);
        try
        {
            await SagaOrders.OrdersAwaitingPaymentConsumer.RecordAsync(db, announced, time.GetUtcNow(), ct);
        }
        finally
        {
            _announcements.Release();
        }
    }

    public void Dispose() => _announcements.Dispose();
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

public sealed class FundsBundleConsumerDefinition : FundsCommandDefinition<FundsBundleConsumer>;

using FlashSale.Contracts;
using FlashSale.Contracts.Funds;
using FlashSale.ServiceDefaults.Inbox;
using FlashSale.ServiceDefaults.Outbox;
using FlashSale.Wallet.Data;
using MassTransit;

namespace FlashSale.Wallet.Funds;

/// <summary>TCC Cancel from the order saga; answered whatever it finds (unfrozen, nothing frozen, already charged).</summary>
public sealed class UnfreezeFundsConsumer(WalletDbContext db, FundsLedger funds, FundsMetrics metrics, TimeProvider time) : IConsumer<UnfreezeFunds>
{
    public const string Name = "wallet-unfreeze-funds";

    public async Task Consume(ConsumeContext<UnfreezeFunds> context)
    {
        var m = context.Message;
        CancelResult? result = null;
        var handled = await db.ConsumeOnceAsync(context, Name, time, async ct =>
        {
            result = await funds.CancelAsync(m.OrderId, m.UserId, ct);
            db.AddToOutbox(new FundsUnfrozen(m.OrderId, result.Amount, result.ReplyOutcome), ServiceQueues.OrderSagaAddress, time.GetUtcNow());
        });
        if (handled)
        {
            metrics.Cancelled(result!.Outcome);
        }
    }
}

public sealed class UnfreezeFundsConsumerDefinition : ConsumerDefinition<UnfreezeFundsConsumer>
{
    public UnfreezeFundsConsumerDefinition() => EndpointName = ServiceQueues.WalletFunds;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<UnfreezeFundsConsumer> consumerConfigurator, IRegistrationContext context) =>
        consumerConfigurator.UseMessageRetry(FundsRetry.Configure);
}

using FlashSale.Contracts;
using FlashSale.Contracts.Funds;
using FlashSale.ServiceDefaults.Inbox;
using FlashSale.ServiceDefaults.Outbox;
using FlashSale.Wallet.Data;
using MassTransit;

namespace FlashSale.Wallet.Funds;

/// <summary>TCC Try from the order saga. The inbox row, the freeze and the reply commit together.</summary>
public sealed class FreezeFundsConsumer(WalletDbContext db, FundsLedger funds, FundsMetrics metrics, TimeProvider time) : IConsumer<FreezeFunds>
{
    public const string Name = "wallet-freeze-funds";

    public async Task Consume(ConsumeContext<FreezeFunds> context)
    {
        var m = context.Message;
        TryResult? result = null;
        var handled = await db.ConsumeOnceAsync(context, Name, time, async ct =>
        {
            result = await funds.TryAsync(m.OrderId, m.PaymentId, m.UserId, m.Amount, ct);
            var now = time.GetUtcNow();
            if (result.IsFrozen)
            {
                db.AddToOutbox(new FundsFrozen(m.OrderId, result.PaymentId, result.Amount), ServiceQueues.OrderSagaAddress, now);
            }
            else
            {
                db.AddToOutbox(new FundsFreezeRefused(m.OrderId, m.PaymentId, result.RefusalReason), ServiceQueues.OrderSagaAddress, now);
            }
        });
        if (handled)
        {
            metrics.Tried(result!.Outcome);
        }
    }
}

public sealed class FreezeFundsConsumerDefinition : ConsumerDefinition<FreezeFundsConsumer>
{
    public FreezeFundsConsumerDefinition() => EndpointName = ServiceQueues.WalletFunds;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<FreezeFundsConsumer> consumerConfigurator, IRegistrationContext context) =>
        consumerConfigurator.UseMessageRetry(FundsRetry.Configure);
}

using FlashSale.Contracts;
using FlashSale.Contracts.Funds;
using FlashSale.ServiceDefaults.Inbox;
using FlashSale.ServiceDefaults.Outbox;
using FlashSale.Wallet.Data;
using MassTransit;

namespace FlashSale.Wallet.Funds;

/// <summary>
/// TCC Confirm from the order saga. Only a charge (new or repeated) is answered: a Confirm that finds
/// nothing frozen is a saga fault, so it is logged and counted, no money moves, and the saga's payment
/// deadline compensates the order.
/// </summary>
public sealed class ChargeFrozenFundsConsumer(
    WalletDbContext db, FundsLedger funds, FundsMetrics metrics, TimeProvider time, ILogger<ChargeFrozenFundsConsumer> logger)
    : IConsumer<ChargeFrozenFunds>
{
    public const string Name = "wallet-charge-frozen-funds";

    public async Task Consume(ConsumeContext<ChargeFrozenFunds> context)
    {
        var m = context.Message;
        ConfirmResult? result = null;
        var handled = await db.ConsumeOnceAsync(context, Name, time, async ct =>
        {
            result = await funds.ConfirmAsync(m.OrderId, ct);
            if (result.IsCharged)
            {
                db.AddToOutbox(new FrozenFundsCharged(m.OrderId, result.Amount), ServiceQueues.OrderSagaAddress, time.GetUtcNow());
            }
        });
        if (!handled)
        {
            return;
        }

        metrics.Confirmed(result!.Outcome);
        if (!result.IsCharged)
        {
            logger.LogError("Confirm of order {OrderId} (user {UserId}) charged nothing: {Outcome}", m.OrderId, m.UserId, result.Outcome);
        }
    }
}

public sealed class ChargeFrozenFundsConsumerDefinition : ConsumerDefinition<ChargeFrozenFundsConsumer>
{
    public ChargeFrozenFundsConsumerDefinition() => EndpointName = ServiceQueues.WalletFunds;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ChargeFrozenFundsConsumer> consumerConfigurator, IRegistrationContext context) =>
        consumerConfigurator.UseMessageRetry(FundsRetry.Configure);
}

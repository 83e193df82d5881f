using FlashSale.Contracts;
using FlashSale.Contracts.Funds;
using FlashSale.Messaging.Inbox;
using FlashSale.Messaging.Outbox;
using FlashSale.Wallet.Data;
using FlashSale.Wallet.SagaOrders;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Wallet.Funds;

/// <summary>One of the saga's TCC commands (<see cref="FreezeFunds"/>, <see cref="ChargeFrozenFunds"/>, <see cref="UnfreezeFunds"/>).</summary>
public sealed record FundsCommand(object Message, string UserId);

/// <summary>
/// Applies a batch of TCC commands in one transaction (<see cref="InboxBatcher{TContext,T}"/>), each through
/// <see cref="FundsLedger"/> with its reply in the outbox, in arrival order:
/// Try → FundsFrozen or FundsFreezeRefused, and only for an order the saga announced (<see cref="SagaOrder"/>), naming its
/// user and amount: a Try for an order never announced is retried (the announcement may be late) and then fails to
/// wallet-funds_error, one naming another user or amount is refused (order-mismatch) and logged, and no money moves; Confirm → no reply (the order was paid at the capture and decides
/// nothing from the Confirm; a Confirm that finds nothing frozen is a saga fault, logged and counted, and no money
/// moves); Cancel → FundsUnfrozen whatever it finds. Batches are partitioned by user, so one
/// wallet's row is only ever locked by one batch of this process.
/// </summary>
public sealed class FundsCommandBatch(WalletDbContext db, FundsLedger funds, FundsMetrics metrics, ILogger<FundsCommandBatch> logger)
    : IInboxBatchHandler<FundsCommand>
{
    private readonly List<Action> _counted = [];

    public async Task HandleAsync(IReadOnlyList<FundsCommand> batch, DateTimeOffset now, CancellationToken ct)
    {
        _counted.Clear();
        var freezing = batch.Select(c => c.Message).OfType<FreezeFunds>().Select(m => m.OrderId).ToList();
        var announced = freezing.Count == 0 ? [] : await db.SagaOrders.AsNoTracking()
            .Where(o => freezing.Contains(o.OrderId)).ToDictionaryAsync(o => o.OrderId, ct);
        foreach (var command in batch)
        {
            switch (command.Message)
            {
                case FreezeFunds m when !announced.ContainsKey(m.OrderId):
                    throw new OrderNotAnnouncedException(m.OrderId);
                case FreezeFunds m when announced[m.OrderId] is var owned && (owned.UserId != m.UserId || owned.Amount != m.Amount):
                    logger.LogError("Refused a freeze of order {OrderId} for user {UserId}, amount {Amount}: the saga announced user {OwnerId}, amount {OwnedAmount}",
                        m.OrderId, m.UserId, m.Amount, owned.UserId, owned.Amount);
                    db.AddToOutbox(new FundsFreezeRefused(m.OrderId, m.PaymentId, FundsRefusalReasons.OrderMismatch), ServiceQueues.OrderSagaAddress, now);
                    break;
                case FreezeFunds m:
                    var tried = await funds.TryAsync(m.OrderId, m.PaymentId, m.UserId, m.Amount, ct);
                    db.AddToOutbox(tried.IsFrozen
                        ? new FundsFrozen(m.OrderId, tried.PaymentId, tried.Amount)
                        : new FundsFreezeRefused(m.OrderId, m.PaymentId, tried.RefusalReason), ServiceQueues.OrderSagaAddress, now);
                    _counted.Add(() => metrics.Tried(tried.Outcome));
                    break;
                case ChargeFrozenFunds m:
                    var confirmed = await funds.ConfirmAsync(m.OrderId, ct);
                    if (!confirmed.IsCharged)
                    {
                        logger.LogError("Confirm of order {OrderId} (user {UserId}) charged nothing: {Outcome}", m.OrderId, m.UserId, confirmed.Outcome);
                    }

                    _counted.Add(() => metrics.Confirmed(confirmed.Outcome));
                    break;
                case UnfreezeFunds m:
                    var cancelled = await funds.CancelAsync(m.OrderId, m.UserId, ct);
                    db.AddToOutbox(new FundsUnfrozen(m.OrderId, cancelled.Amount, cancelled.ReplyOutcome), ServiceQueues.OrderSagaAddress, now);
                    _counted.Add(() => metrics.Cancelled(cancelled.Outcome));
                    break;
                default:
                    throw new ArgumentException($"{command.Message.GetType().Name} is not a funds command.", nameof(batch));
            }
        }
    }

    // Counted once the money moved for good: a batch that rolls back and runs again alone is not counted twice.
    public void Committed(IReadOnlyList<FundsCommand> batch) => _counted.ForEach(count => count());
}

using FlashSale.Contracts.Purchases;
using FlashSale.Contracts.Stock;
using FlashSale.Inventory.Data;
using FlashSale.Messaging.Inbox;
using FlashSale.Messaging.Outbox;

namespace FlashSale.Inventory.StockLedger;

/// <summary>One of the saga's stock commands (<see cref="CommitStock"/>, <see cref="ReleaseStock"/>, <see cref="MarkStockSold"/>).</summary>
public sealed record StockCommand(object Message)
{
    public long SaleId => Message switch
    {
        CommitStock c => c.SaleId,
        ReleaseStock r => r.SaleId,
        MarkStockSold s => s.SaleId,
        _ => throw new StockCommandRejectedException($"{Message.GetType().Name} is not a stock command."),
    };

    public long OrderId => Message switch
    {
        CommitStock c => c.OrderId,
        ReleaseStock r => r.OrderId,
        MarkStockSold s => s.OrderId,
        _ => throw new StockCommandRejectedException($"{Message.GetType().Name} is not a stock command."),
    };
}

/// <summary>
/// Applies a batch of stock commands in one transaction (<see cref="InboxBatcher{TContext,T}"/>): set-wise through
/// <see cref="SaleStockBatch"/> (one counters UPDATE per sale) when every command takes a common path, otherwise each
/// through <see cref="OrderStockLedger"/>. What it sends:
/// CommitStock → no reply: the saga decides nothing from a commit (it is the durable copy of a hold Redis already
/// granted), so answering it would only cost a message and a transaction per order.
/// ReleaseStock → no reply either: the order is already cancelled when the saga sends it, so the saga decides nothing
/// from the answer, and a mass expiry's ten thousand answers queued ahead of live shoppers' payments on the saga's
/// queue (payment → paid went from 2 to 12 s while one ran). The first release tells every inventory instance that
/// units came back (SaleStockReplenished re-opens their sold-out flags, one per sale and batch). A release of a paid
/// order is refused: sold units are never released.
/// Commands are applied by sale, then order (stable, so two commands of one order keep their arrival order):
/// every batch takes the row locks in the same order, and a sale's row is locked once for all its orders.
/// </summary>
public sealed class StockCommandBatch(InventoryDbContext db, OrderStockLedger ledger, SaleStockBatch bulk) : IInboxBatchHandler<StockCommand>
{
    public async Task HandleAsync(IReadOnlyList<StockCommand> batch, DateTimeOffset now, CancellationToken ct)
    {
        var ordered = batch.OrderBy(c => c.SaleId).ThenBy(c => c.OrderId).ToList();
        // A batch of one is a delivery that failed in a batch, or a quiet moment: the order-by-order path, which
        // knows every case and says why it refuses what it refuses.
        if (ordered.Count > 1 && await bulk.TryApplyAsync(ordered, now, ct) is { } releases)
        {
            AnnounceReplenished(releases, now);
            return;
        }

        var applied = new List<(ReleaseStock, ReleaseResult)>();
        foreach (var command in ordered)
        {
            switch (command.Message)
            {
                case CommitStock commit:
                    await ledger.CommitAsync(commit, now, ct);
                    break;
                case ReleaseStock release:
                    applied.Add((release, await ledger.ReleaseAsync(release, now, ct)));
                    break;
                case MarkStockSold sold:
                    await ledger.MarkSoldAsync(sold, now, ct);
                    break;
                default:
                    throw new StockCommandRejectedException($"{command.Message.GetType().Name} is not a stock command.");
            }
        }

        AnnounceReplenished(applied, now);
    }

    private void AnnounceReplenished(IEnumerable<(ReleaseStock Command, ReleaseResult Result)> releases, DateTimeOffset now)
    {
        var replenished = new Dictionary<long, int>();
        foreach (var (release, result) in releases.Where(r => r.Result.Outcome == ReleaseOutcome.Released))
        {
            replenished[release.SaleId] = replenished.GetValueOrDefault(release.SaleId) + result.Quantity;
        }

        foreach (var (saleId, units) in replenished)
        {
            db.AddToOutbox(new SaleStockReplenished(saleId, units), destination: null, now);
        }
    }
}

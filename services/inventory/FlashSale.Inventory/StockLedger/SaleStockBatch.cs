using FlashSale.BuildingBlocks.Ids;
using FlashSale.Contracts.Stock;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.Metrics;
using FlashSale.Inventory.StockStrategies;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Inventory.StockLedger;

/// <summary>
/// The same transitions as <see cref="OrderStockLedger"/>, applied to a whole batch of stock commands at once: the
/// batch's rows locked by one query, each sale's counters moved by one UPDATE (not one per order), new rows inserted
/// in the batch's one save, Redis's per-order scripts sent together (pipelined). A mass expiry's thousands of
/// releases become a few statements per hundred orders instead of four per order.
/// <para>It takes only the common paths: every order it touches has its row (or gets it from a commit earlier in
/// the batch) in the sale the command names, and every sale has the units its commits take. Anything else (a
/// release or sale before any commit, a forged sale id, drift) makes <see cref="TryApplyAsync"/> return false
/// before it changed anything, and the caller applies the batch order by order with <see cref="OrderStockLedger"/>,
/// which knows those cases — in the same transaction, with the rows still locked.</para>
/// Locks are taken as the order-by-order path takes them: the orders' rows first (by order id), then the sales' rows
/// (by sale id), and Redis is touched only while both are held.
/// </summary>
public sealed class SaleStockBatch(InventoryDbContext db, LiveStock live, OrderStockLedger ledger, InventoryMetrics metrics)
{
    /// <summary>Applies <paramref name="commands"/> (in the order given); null when the batch needs the order-by-order path.</summary>
    public async Task<IReadOnlyList<(ReleaseStock Command, ReleaseResult Result)>?> TryApplyAsync(
        IReadOnlyList<StockCommand> commands, DateTimeOffset now, CancellationToken ct)
    {
        var orderIds = commands.Select(c => c.OrderId).Distinct().ToArray();
        var rows = (await db.Reservations
                .FromSqlInterpolated($"SELECT * FROM stock_reservations WHERE order_id = ANY({orderIds}) ORDER BY order_id FOR UPDATE")
                .ToListAsync(ct))
            .ToDictionary(r => r.OrderId);
        var plan = new Plan(rows, now);
        if (!commands.All(plan.Add))
        {
            Forget(rows.Values);
            return null;
        }

        var saleIds = plan.Sales.Keys.Order().ToArray();
        var sales = (await db.Database.SqlQuery<SaleStock>($"""
                SELECT id AS "Id", price AS "Price", available_stock AS "AvailableStock" FROM sales WHERE id = ANY({saleIds}) ORDER BY id FOR UPDATE
                """).ToListAsync(ct))
            .ToDictionary(s => s.Id);
        if (saleIds.Any(id => !sales.TryGetValue(id, out var sale) || sale.AvailableStock < plan.Sales[id].Taken))
        {
            Forget(rows.Values);
            return null; // a missing sale or drift: the order-by-order path refuses the right command, with its reason
        }

        foreach (var saleId in saleIds)
        {
            var moved = plan.Sales[saleId];
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE sales SET available_stock = available_stock - {moved.Taken} + {moved.Returned},
                                 sold_units = sold_units + {moved.Sold}, released_units = released_units + {moved.Released}
                WHERE id = {saleId}
                """, ct);
        }

        foreach (var row in plan.NewRows)
        {
            row.UnitPrice = sales[row.SaleId].Price;
            db.Reservations.Add(row); // saved with the batch; an order inserted meanwhile by another instance fails the batch
        }

        // Both scripts are idempotent per order: a rollback after them is repeated by the redelivery, never doubled.
        // A recount is only ever due in a sale whose live stock was restored after a flush; a restore takes the sale row
        // lock this batch holds, so asking once per sale here sees what each order's script would have seen.
        var restored = await Task.WhenAll(plan.NewRows.Select(r => r.SaleId).Distinct().Select(async id => (Id: id, Restored: await live.RestoredAfterFlushAsync(id))));
        var recounted = restored.Where(sale => sale.Restored).Select(sale => sale.Id).ToHashSet();
        await Task.WhenAll(plan.NewRows.Where(r => recounted.Contains(r.SaleId)).Select(r => live.RecountAfterRestoreAsync(r.SaleId, r.OrderId, r.UserId, r.Quantity)));
        var givenBack = await Task.WhenAll(plan.GiveBacks.Select(r => live.GiveBackAsync(r.SaleId, r.OrderId, r.UserId, r.Quantity, heldByDatabase: true)));
        foreach (var (command, outcome) in plan.Outcomes)
        {
            metrics.StockCommand(command, outcome);
        }

        return plan.Releases.Select(release => (release.Command, Result(release, givenBack))).ToList();
    }

    /// <summary>
    /// Undoes the plan's changes to the tracked rows: the order-by-order path re-reads them (FOR UPDATE) and EF would
    /// hand it these instances, changes and all.
    /// </summary>
    private void Forget(IEnumerable<StockReservationRow> rows)
    {
        foreach (var entry in rows.Select(db.Entry).Where(e => e.State != EntityState.Detached))
        {
            entry.CurrentValues.SetValues(entry.OriginalValues);
            entry.State = EntityState.Unchanged;
        }
    }

    // Logged and counted as the order-by-order path does it, by the same code.
    private ReleaseResult Result(PlannedRelease release, GiveBack[] givenBack) =>
        release.GiveBackIndex is { } index
            ? ledger.Released(release.Command.SaleId, release.Command.OrderId, release.Result.Quantity, givenBack[index])
            : release.Result;

    private sealed record SaleStock(long Id, decimal Price, int AvailableStock);

    private sealed record PlannedRelease(ReleaseStock Command, ReleaseResult Result, int? GiveBackIndex);

    private sealed class SaleMoves
    {
        public int Taken { get; set; }
        public int Returned { get; set; }
        public int Sold { get; set; }
        public int Released { get; set; }
    }

    /// <summary>Walks the commands as the order-by-order path would, on the locked rows, and records what to write.</summary>
    private sealed class Plan(Dictionary<long, StockReservationRow> rows, DateTimeOffset now)
    {
        public Dictionary<long, SaleMoves> Sales { get; } = [];
        public List<StockReservationRow> NewRows { get; } = [];
        public List<StockReservationRow> GiveBacks { get; } = [];
        public List<PlannedRelease> Releases { get; } = [];
        public List<(string Command, string Outcome)> Outcomes { get; } = [];

        public bool Add(StockCommand command)
        {
            var known = rows.TryGetValue(command.OrderId, out var row);
            if (known && row!.SaleId != command.SaleId)
            {
                return false; // logged and handled by the order-by-order path
            }

            return command.Message switch
            {
                CommitStock commit => known ? Commit(row!) : Insert(commit),
                ReleaseStock release => known && Release(row!, release),
                MarkStockSold => known && Sell(row!),
                _ => false,
            };
        }

        private bool Insert(CommitStock commit)
        {
            if (commit.Quantity < 1)
            {
                return false;
            }

            var row = new StockReservationRow
            {
                OrderId = commit.OrderId,
                SaleId = commit.SaleId,
                UserId = commit.UserId,
                Quantity = commit.Quantity,
                Status = ReservationStatus.Committed,
                ReservedAt = SnowflakeId.Decompose(commit.OrderId).CreatedAt,
                CommittedAt = now,
            };
            rows[row.OrderId] = row;
            NewRows.Add(row); // admitted in Redis, so PostgreSQL's stock is taken only now (and Redis recounts it)
            MovesOf(row).Taken += row.Quantity;
            Outcomes.Add(("commit", nameof(CommitOutcome.Committed)));
            return true;
        }

        private bool Commit(StockReservationRow row)
        {
            switch (row.Status)
            {
                case ReservationStatus.Reserved:
                    row.Status = ReservationStatus.Committed; // postgres-row-lock: the purchase took the units already
                    row.CommittedAt = now;
                    Outcomes.Add(("commit", nameof(CommitOutcome.Committed)));
                    return true;
                case ReservationStatus.Released:
                    return false; // the release won: logged by the order-by-order path
                default:
                    Outcomes.Add(("commit", nameof(CommitOutcome.AlreadyCommitted)));
                    return true;
            }
        }

        private bool Release(StockReservationRow row, ReleaseStock command)
        {
            if (command.Quantity < 1)
            {
                return false;
            }

            switch (row.Status)
            {
                case ReservationStatus.Reserved or ReservationStatus.Committed:
                    var moves = MovesOf(row);
                    moves.Returned += row.Quantity;
                    moves.Released += row.Quantity;
                    row.Status = ReservationStatus.Released;
                    row.ReleasedAt = now;
                    row.ReleaseReason = command.Reason.Length > 200 ? command.Reason[..200] : command.Reason;
                    GiveBacks.Add(row);
                    Releases.Add(new PlannedRelease(command, new ReleaseResult(ReleaseOutcome.Released, row.Quantity, null), GiveBacks.Count - 1));
                    return true;
                case ReservationStatus.Released:
                    Outcomes.Add(("release", "already-released"));
                    Releases.Add(new PlannedRelease(command, new ReleaseResult(ReleaseOutcome.AlreadyReleased, row.Quantity, null), null));
                    return true;
                default:
                    return false; // sold: refused with a warning by the order-by-order path
            }
        }

        private bool Sell(StockReservationRow row)
        {
            if (row.Status is not (ReservationStatus.Reserved or ReservationStatus.Committed or ReservationStatus.Sold))
            {
                return false; // released: logged by the order-by-order path
            }

            if (row.Status == ReservationStatus.Sold)
            {
                Outcomes.Add(("sell", nameof(SellOutcome.AlreadySold)));
                return true;
            }

            MovesOf(row).Sold += row.Quantity;
            row.CommittedAt ??= now;
            row.Status = ReservationStatus.Sold;
            row.SoldAt = now;
            Outcomes.Add(("sell", nameof(SellOutcome.Sold)));
            return true;
        }

        private SaleMoves MovesOf(StockReservationRow row) =>
            Sales.TryGetValue(row.SaleId, out var moves) ? moves : Sales[row.SaleId] = new SaleMoves();
    }
}

using FlashSale.BuildingBlocks.Ids;
using FlashSale.Contracts.Stock;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.Metrics;
using FlashSale.Inventory.StockStrategies;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Inventory.StockLedger;

/// <summary>
/// Moves an order's units through Reserved → Committed → Sold, or to Released, in PostgreSQL and in
/// Redis's live stock. Runs inside the caller's transaction (the consumer's inbox transaction), so the
/// row, the sale's counters and the replies commit together.
/// Commands for one order are serialised on its row: a command that finds no row inserts one with
/// ON CONFLICT DO NOTHING, which waits for a concurrent insert of the same order and then loses to it;
/// the loser locks the winner's row (FOR UPDATE) and decides from its status. Locks are always taken in
/// the same order — the order's row, then the sale's row — so commands never deadlock each other.
/// </summary>
public sealed class OrderStockLedger(InventoryDbContext db, LiveStock live, InventoryMetrics metrics, ILogger<OrderStockLedger> logger)
{
    public async Task<CommitOutcome> CommitAsync(CommitStock command, DateTimeOffset now, CancellationToken ct)
    {
        RequireUnits(command.Quantity, command.OrderId);
        if (await InsertRowAsync(command.OrderId, command.SaleId, command.UserId, command.Quantity, ReservationStatus.Committed, now, null, ct))
        {
            // Admitted in Redis, so PostgreSQL's stock is taken only now.
            await TakeFromDatabaseAsync(command.SaleId, command.OrderId, command.Quantity, sold: false, ct);
            await live.RecountAfterRestoreAsync(command.SaleId, command.OrderId, command.UserId, command.Quantity);
            return Counted("commit", CommitOutcome.Committed);
        }

        var row = await LockRowAsync(command.OrderId, command.SaleId, ct);
        switch (row.Status)
        {
            case ReservationStatus.Reserved:
                // postgres-row-lock: the purchase took the units already.
                row.Status = ReservationStatus.Committed;
                row.CommittedAt = now;
                return Counted("commit", CommitOutcome.Committed);
            case ReservationStatus.Released:
                logger.LogInformation("Order {OrderId} was released before its commit arrived; nothing is committed", command.OrderId);
                return Counted("commit", CommitOutcome.ReleasedBefore);
            default:
                return Counted("commit", CommitOutcome.AlreadyCommitted);
        }
    }

    /// <summary>
    /// Gives the order's units back exactly once: to PostgreSQL when it held them, and to Redis's live
    /// stock. The sale row is locked (by the counters' UPDATE) before Redis is touched and stays locked
    /// until the commit, so a commit or a reconciliation of the sale never sees Redis's +q without
    /// PostgreSQL's. Redis goes first: a crash after it repeats an idempotent script, never skips it.
    /// </summary>
    public async Task<ReleaseResult> ReleaseAsync(ReleaseStock command, DateTimeOffset now, CancellationToken ct)
    {
        RequireUnits(command.Quantity, command.OrderId);
        var reason = command.Reason.Length > 200 ? command.Reason[..200] : command.Reason;
        if (!await ExistsAsync(command.OrderId, ct))
        {
            // Released before any commit: PostgreSQL never took these units, Redis did (at admission). What is given
            // back is what Redis admitted for the order, never what the message says: a command for an order Redis
            // never admitted changes nothing.
            var admitted = await live.AdmissionAsync(command.OrderId);
            if (admitted is null && !await live.RestoredAfterFlushAsync(command.SaleId))
            {
                logger.LogWarning("ReleaseStock for order {OrderId} of sale {SaleId}, which inventory never admitted: nothing released", command.OrderId, command.SaleId);
                metrics.StockCommand("release", "never-admitted");
                return new ReleaseResult(ReleaseOutcome.NeverAdmitted, 0, null);
            }

            // After a flush the index is gone with the admission; the restore marker makes the script count such an order once.
            var (userId, quantity) = admitted ?? (command.UserId, command.Quantity);
            if (await InsertRowAsync(command.OrderId, command.SaleId, userId, quantity, ReservationStatus.Released, now, reason, ct))
            {
                await ReturnToDatabaseAsync(command.SaleId, quantity, heldByDatabase: false, ct);
                var returned = await live.GiveBackAsync(command.SaleId, command.OrderId, userId, quantity, heldByDatabase: false);
                return Released(command.SaleId, command.OrderId, quantity, returned);
            }
        }

        var row = await LockRowAsync(command.OrderId, command.SaleId, ct);
        switch (row.Status)
        {
            case ReservationStatus.Reserved or ReservationStatus.Committed:
                await ReturnToDatabaseAsync(row.SaleId, row.Quantity, heldByDatabase: true, ct);
                var returned = await live.GiveBackAsync(row.SaleId, row.OrderId, row.UserId, row.Quantity, heldByDatabase: true);
                row.Status = ReservationStatus.Released;
                row.ReleasedAt = now;
                row.ReleaseReason = reason;
                return Released(row.SaleId, row.OrderId, row.Quantity, returned);
            case ReservationStatus.Sold:
                logger.LogWarning("Order {OrderId} is paid; its {Quantity} sold unit(s) are not released ({Reason})", row.OrderId, row.Quantity, reason);
                metrics.StockCommand("release", "refused-sold");
                return new ReleaseResult(ReleaseOutcome.Sold, row.Quantity, null);
            default:
                metrics.StockCommand("release", "already-released");
                return new ReleaseResult(ReleaseOutcome.AlreadyReleased, row.Quantity, null);
        }
    }

    /// <summary>
    /// The order is paid. Normally its row is Committed; an order paid before its commit was handled
    /// (Reserved, or no row) is committed and sold in one step.
    /// </summary>
    public async Task<SellOutcome> MarkSoldAsync(MarkStockSold command, DateTimeOffset now, CancellationToken ct)
    {
        var row = (await db.Reservations.FromSqlInterpolated($"SELECT * FROM stock_reservations WHERE order_id = {command.OrderId} FOR UPDATE").ToListAsync(ct)).SingleOrDefault();
        if (row is null)
        {
            // The command carries no quantity: Redis's order index has it. Without it, a commit may still
            // be on its way (InvalidOperationException is retried); after the retries an operator decides.
            var (userId, quantity) = await live.AdmissionAsync(command.OrderId)
                ?? throw new InvalidOperationException($"Order {command.OrderId} has no stock record to sell yet.");
            if (await InsertRowAsync(command.OrderId, command.SaleId, userId, quantity, ReservationStatus.Sold, now, null, ct))
            {
                await TakeFromDatabaseAsync(command.SaleId, command.OrderId, quantity, sold: true, ct);
                await live.RecountAfterRestoreAsync(command.SaleId, command.OrderId, userId, quantity);
                return Counted("sell", SellOutcome.Sold);
            }

            row = await LockRowAsync(command.OrderId, command.SaleId, ct);
        }

        switch (row.Status)
        {
            case ReservationStatus.Reserved or ReservationStatus.Committed:
                await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE sales SET sold_units = sold_units + {row.Quantity} WHERE id = {row.SaleId}", ct);
                row.CommittedAt ??= now;
                row.Status = ReservationStatus.Sold;
                row.SoldAt = now;
                return Counted("sell", SellOutcome.Sold);
            case ReservationStatus.Released:
                logger.LogWarning("Order {OrderId} was paid after its units were released; nothing is sold (the payment must be refunded)", row.OrderId);
                return Counted("sell", SellOutcome.Released);
            default:
                return Counted("sell", SellOutcome.AlreadySold);
        }
    }

    /// <summary>Inserts the order's row unless it exists; false when it does (or the sale does not exist).</summary>
    private async Task<bool> InsertRowAsync(long orderId, long saleId, string userId, int quantity, ReservationStatus status, DateTimeOffset now,
        string? reason, CancellationToken ct)
    {
        var reservedAt = SnowflakeId.Decompose(orderId).CreatedAt; // issued just before the admission
        DateTimeOffset? committedAt = status is ReservationStatus.Committed or ReservationStatus.Sold ? now : null;
        DateTimeOffset? soldAt = status == ReservationStatus.Sold ? now : null;
        DateTimeOffset? releasedAt = status == ReservationStatus.Released ? now : null;
        return await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO stock_reservations (order_id, sale_id, user_id, quantity, unit_price, status, reserved_at, committed_at, sold_at, released_at, release_reason)
            SELECT {orderId}, s.id, {userId}, {quantity}, s.price, {status.ToString()}, {reservedAt},
                   {committedAt}::timestamptz, {soldAt}::timestamptz, {releasedAt}::timestamptz, {reason}::text
            FROM sales s WHERE s.id = {saleId}
            ON CONFLICT (order_id) DO NOTHING
            """, ct) == 1;
    }

    private Task<bool> ExistsAsync(long orderId, CancellationToken ct) => db.Reservations.AnyAsync(r => r.OrderId == orderId, ct);

    private async Task<StockReservationRow> LockRowAsync(long orderId, long saleId, CancellationToken ct)
    {
        var row = (await db.Reservations.FromSqlInterpolated($"SELECT * FROM stock_reservations WHERE order_id = {orderId} FOR UPDATE").ToListAsync(ct)).SingleOrDefault()
            ?? throw new StockCommandRejectedException($"Sale {saleId} does not exist (order {orderId}).");
        if (row.SaleId != saleId)
        {
            logger.LogWarning("A command for order {OrderId} names sale {CommandSale}; the order belongs to sale {SaleId}", orderId, saleId, row.SaleId);
        }

        return row;
    }

    /// <summary>Conditional: PostgreSQL's available stock never goes below zero; if it would, the stores drifted.</summary>
    private async Task TakeFromDatabaseAsync(long saleId, long orderId, int quantity, bool sold, CancellationToken ct)
    {
        var soldUnits = sold ? quantity : 0;
        var taken = await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE sales SET available_stock = available_stock - {quantity}, sold_units = sold_units + {soldUnits}
            WHERE id = {saleId} AND available_stock >= {quantity}
            """, ct);
        if (taken == 0)
        {
            metrics.CommitDrift();
            logger.LogError("Drift: sale {SaleId} has fewer than {Quantity} unit(s) available in PostgreSQL for order {OrderId}, which Redis admitted; nothing written",
                saleId, quantity, orderId);
            throw new StockDriftException(saleId, orderId, quantity);
        }
    }

    /// <summary>Also takes the sale's row lock, held until the commit, before Redis is touched.</summary>
    private async Task ReturnToDatabaseAsync(long saleId, int quantity, bool heldByDatabase, CancellationToken ct)
    {
        var available = heldByDatabase ? quantity : 0;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE sales SET available_stock = available_stock + {available}, released_units = released_units + {quantity} WHERE id = {saleId}
            """, ct);
    }

    /// <summary>A release that gave the units back: logged when Redis had no live stock, counted (also for <see cref="SaleStockBatch"/>).</summary>
    internal ReleaseResult Released(long saleId, long orderId, int quantity, GiveBack returned)
    {
        if (returned == GiveBack.StockMissing)
        {
            logger.LogWarning("Sale {SaleId} has no live stock in Redis while order {OrderId} is released; reconciliation restores it from PostgreSQL", saleId, orderId);
        }

        metrics.StockCommand("release", "released");
        metrics.UnitsReleased(quantity);
        return new ReleaseResult(ReleaseOutcome.Released, quantity, returned);
    }

    private T Counted<T>(string command, T outcome) where T : struct, Enum
    {
        metrics.StockCommand(command, outcome.ToString());
        return outcome;
    }

    private static void RequireUnits(int quantity, long orderId)
    {
        if (quantity < 1)
        {
            throw new StockCommandRejectedException($"Order {orderId}: a quantity of {quantity} cannot be committed or released.");
        }
    }
}

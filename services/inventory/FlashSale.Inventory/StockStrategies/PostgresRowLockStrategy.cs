using FlashSale.Contracts.Purchases;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Data;
using FlashSale.Messaging.Outbox;
using FlashSale.ServiceDefaults.Caching;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace FlashSale.Inventory.StockStrategies;

/// <summary>
/// The baseline a team writes first: one PostgreSQL transaction. The conditional UPDATE takes the sale
/// row's lock, so every purchase of a sale runs one after another from there on; inside that lock the
/// idempotency key and the per-user limit are checked, the reservation row and its outbox message are
/// written, and all of it commits — or none of it. Redis's copy of the stock follows just before the
/// commit, while the sale row is still locked, so reconciliation (which takes the same lock) never
/// compares PostgreSQL's count with a copy that misses a committed purchase.
/// </summary>
public sealed class PostgresRowLockStrategy(IServiceScopeFactory scopes, IConnectionMultiplexer redis, SaleKeys keys, TimeProvider time)
    : IStockStrategy
{
    public const string Name = "postgres-row-lock";

    string IStockStrategy.Name => Name;

    public StockSegmentLayout Segments => StockSegmentLayout.None;

    public bool TakesDatabaseStockAtPurchase => true;

    // A flushed copy stays missing until reconciliation restores it: DECRBY would create it at minus the quantity.
    private static readonly string DecrementCopyScript = LuaScripts.Load<PostgresRowLockStrategy>("decrement-copy");

    public async Task<ReservationResult> ReserveAsync(ReservationRequest request)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var taken = await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE sales SET available_stock = available_stock - {request.Quantity}
            WHERE id = {request.SaleId} AND available_stock >= {request.Quantity}
            """);

        var prior = await db.Reservations.AsNoTracking()
            .Where(r => r.SaleId == request.SaleId && r.UserId == request.UserId && r.IdempotencyKey == request.IdempotencyKey)
            .Select(r => (long?)r.OrderId).FirstOrDefaultAsync();
        if (prior is { } orderId)
        {
            return new ReservationResult(ReservationOutcome.Duplicate, orderId);
        }

        if (taken == 0)
        {
            return new ReservationResult(ReservationOutcome.SoldOut, 0);
        }

        // Released orders count too: a cancelled order does not give its shopper the allowance back.
        var held = await db.Reservations.Where(r => r.SaleId == request.SaleId && r.UserId == request.UserId).SumAsync(r => r.Quantity);
        if (held + request.Quantity > request.PerUserLimit)
        {
            return new ReservationResult(ReservationOutcome.LimitReached, 0); // the rollback returns the units
        }

        var now = time.GetUtcNow();
        db.Reservations.Add(new StockReservationRow
        {
            OrderId = request.OrderId,
            SaleId = request.SaleId,
            UserId = request.UserId,
            Quantity = request.Quantity,
            UnitPrice = request.UnitPrice,
            IdempotencyKey = request.IdempotencyKey,
            Status = ReservationStatus.Reserved,
            ReservedAt = now,
        });
        db.AddToOutbox(new PurchaseReserved(request.OrderId, request.SaleId, request.UserId, request.Quantity, request.UnitPrice, now),
            PurchaseQueues.OrderPurchaseReservedAddress, now);
        await db.SaveChangesAsync();

        await tx.CommitAsync();

        // Best effort, after the commit so a failed commit never lowers it: the views' stock and sold-out status.
        // Drift here is repaired by reconciliation.
        await redis.GetDatabase().ScriptEvaluateAsync(DecrementCopyScript, [keys.Stock(request.SaleId)], [request.Quantity], CommandFlags.FireAndForget);
        return new ReservationResult(ReservationOutcome.Admitted, request.OrderId);
    }
}

using FlashSale.Inventory.Caching;
using FlashSale.ServiceDefaults.Caching;
using StackExchange.Redis;

namespace FlashSale.Inventory.StockStrategies;

/// <summary>
/// Rewrites a sale's live stock in Redis from PostgreSQL. Called only under the sale's row lock, and each
/// write is one script that first re-checks what the decision was based on, so a purchase admitted in
/// between makes the repair step back instead of erasing it.
/// </summary>
public sealed class LiveStockRepair(IConnectionMultiplexer redis, SaleKeys keys, IStockStrategy strategy)
{
    // Purchases are refused while the stock key is missing, so nothing was admitted since the flush: the per-user
    // counts and the stock are rebuilt in one step.
    private static readonly string RestoreScript = LuaScripts.Load<LiveStockRepair>("restore-live-stock");

    private static readonly string ResetScript = LuaScripts.Load<LiveStockRepair>("reset-live-stock");

    /// <summary>The live stock is missing (a flush): rebuild it, and mark the sale restored (see <see cref="SaleKeys.StockRestored"/>).</summary>
    public async Task<bool> RestoreAsync(long saleId, int available, Func<Task<List<(string UserId, int Units)>>> unitsPerUser, DateTimeOffset now)
    {
        // Orders admitted by Redis count against their shopper's limit from PostgreSQL's rows; a strategy that took
        // the units at purchase never lost them from Redis's per-user counts in the first place.
        List<(string UserId, int Units)> users = strategy.TakesDatabaseStockAtPurchase ? [] : await unitsPerUser();
        RedisKey[] scriptKeys = [keys.Stock(saleId), keys.StockRestored(saleId), keys.UnitsPerUser(saleId), .. strategy.Segments.Keys(saleId)];
        RedisValue[] args =
        [
            available,
            (long)SaleKeys.ReservationIndexTtl.TotalSeconds,
            now.ToUnixTimeMilliseconds(),
            .. strategy.Segments.Shares(available),
            .. users.SelectMany(u => new RedisValue[] { u.UserId, u.Units }),
        ];
        return (int)await redis.GetDatabase().ScriptEvaluateAsync(RestoreScript, scriptKeys, args) == 1;
    }

    /// <summary>Sets the live stock (and its segments) to <paramref name="available"/> if Redis is still as it was read.</summary>
    public async Task<bool> ResetAsync(long saleId, long stockAsRead, long streamLengthAsRead, int available)
    {
        RedisKey[] scriptKeys = [keys.Stock(saleId), keys.Reservations(saleId), .. strategy.Segments.Keys(saleId)];
        RedisValue[] args = [stockAsRead, streamLengthAsRead, available, .. strategy.Segments.Shares(available)];
        return (int)await redis.GetDatabase().ScriptEvaluateAsync(ResetScript, scriptKeys, args) == 1;
    }
}

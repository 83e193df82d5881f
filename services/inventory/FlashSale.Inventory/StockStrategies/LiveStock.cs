using System.Globalization;
using FlashSale.Inventory.Caching;
using FlashSale.ServiceDefaults.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Inventory.StockStrategies;

public enum GiveBack
{
    /// <summary>The units are back in Redis's live stock (and its segment, for redlock-segmented).</summary>
    Returned,

    /// <summary>This order's units were given back before (a redelivery, or a retry after a crash): nothing done.</summary>
    AlreadyReturned,

    /// <summary>Admitted before a Redis flush and never taken from PostgreSQL: the restored stock already counts them.</summary>
    CountedByRestore,

    /// <summary>Redis holds no live stock for the sale (flushed): reconciliation restores it from PostgreSQL.</summary>
    StockMissing,
}

/// <summary>
/// The Redis side of the stock ledger: the live stock the purchase scripts take units from. Every write
/// here is one Lua script, made idempotent by order id, so it can run before the PostgreSQL commit:
/// a crash or a redelivery after it repeats the script, and the repeat changes nothing.
/// </summary>
public sealed class LiveStock(IConnectionMultiplexer redis, SaleKeys keys, IStockStrategy strategy)
{
    // An order admitted before a flush has neither its reservation index nor its per-user units in Redis any
    // more, and the restore (from PostgreSQL's rows) did not count it if it had no row then: such an order is
    // "restored-over" while the restore marker exists and its index does not.

    private static readonly string GiveBackScript = LuaScripts.Load<LiveStock>("give-back");

    private static readonly string RecountScript = LuaScripts.Load<LiveStock>("recount-after-restore");

    /// <summary>
    /// Gives a cancelled order's units back to the live stock, once per order, whatever the redeliveries.
    /// redlock-segmented: the units go to one segment by a plain INCRBY, which needs no segment lock
    /// because a holder's fenced write compares the segment with what it read and retries if it moved.
    /// </summary>
    public async Task<GiveBack> GiveBackAsync(long saleId, long orderId, string userId, int quantity, bool heldByDatabase)
    {
        RedisKey[] scriptKeys =
        [
            keys.Stock(saleId),
            keys.ReleasedOrders(saleId),
            keys.StockRestored(saleId),
            keys.ReservationIndex(orderId),
            keys.UnitsPerUser(saleId),
            .. strategy.Segments.KeyFor(saleId, orderId),
        ];
        var result = (int)await redis.GetDatabase().ScriptEvaluateAsync(GiveBackScript, scriptKeys, [orderId, quantity, heldByDatabase ? 1 : 0, userId]);
        return (GiveBack)result;
    }

    /// <summary>
    /// At the commit of an order PostgreSQL had not taken yet: when a reconciliation rebuilt the live
    /// stock from PostgreSQL after a flush that also erased this order's admission, the rebuilt count
    /// included its units, so they come out of Redis now (once), and count against its shopper's limit again.
    /// Returns true when it did.
    /// </summary>
    public async Task<bool> RecountAfterRestoreAsync(long saleId, long orderId, string userId, int quantity)
    {
        if (strategy.TakesDatabaseStockAtPurchase)
        {
            return false; // the purchase took PostgreSQL's units: every restore excluded them
        }

        RedisKey[] scriptKeys =
        [
            keys.Stock(saleId),
            keys.RecountedOrders(saleId),
            keys.StockRestored(saleId),
            keys.ReservationIndex(orderId),
            keys.UnitsPerUser(saleId),
            .. strategy.Segments.Keys(saleId),
        ];
        return (int)await redis.GetDatabase().ScriptEvaluateAsync(RecountScript, scriptKeys, [orderId, quantity, userId]) == 1;
    }

    /// <summary>True after reconciliation rebuilt the sale's flushed live stock (<see cref="SaleKeys.StockRestored"/>): admissions from before the flush left no index.</summary>
    public async Task<bool> RestoredAfterFlushAsync(long saleId) => await redis.GetDatabase().KeyExistsAsync(keys.StockRestored(saleId));

    /// <summary>Who was admitted for how many units, from Redis's order-id index (Redis strategies, for two days after admission).</summary>
    public async Task<(string UserId, int Quantity)?> AdmissionAsync(long orderId)
    {
        var value = await redis.GetDatabase().StringGetAsync(keys.ReservationIndex(orderId));
        var parts = value.IsNull ? null : ((string)value!).Split('|');
        return parts is { Length: 4 } && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity)
            ? (parts[1], quantity)
            : null;
    }
}

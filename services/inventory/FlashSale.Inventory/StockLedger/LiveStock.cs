using System.Globalization;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Purchases;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Inventory.StockLedger;

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
public sealed class LiveStock(IConnectionMultiplexer redis, SaleKeys keys, IOptions<PurchaseOptions> options)
{
    // An order admitted before a flush has neither its reservation index nor its per-user units in Redis any
    // more, and the restore (from PostgreSQL's rows) did not count it if it had no row then: such an order is
    // "restored-over" while the restore marker exists and its index does not.

    // KEYS: stock, released orders, restore marker, the order's reservation index, units per user, [one segment]
    // ARGV: order id, quantity, 1 when PostgreSQL held the units (so a restore did not count them), user id
    private const string GiveBackScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 3 end
        if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 1 end
        if ARGV[3] == '0' and redis.call('EXISTS', KEYS[3]) == 1 and redis.call('EXISTS', KEYS[4]) == 0 then
          redis.call('HINCRBY', KEYS[5], ARGV[4], ARGV[2])
          return 2
        end
        redis.call('INCRBY', KEYS[1], ARGV[2])
        if #KEYS == 6 then redis.call('INCRBY', KEYS[6], ARGV[2]) end
        return 0
        """;

    // KEYS: stock, recounted orders, restore marker, the order's reservation index, units per user, segments...
    // ARGV: order id, quantity, user id. Takes the units from the segments that have them, the rest from the first.
    private const string RecountScript = """
        if redis.call('EXISTS', KEYS[3]) == 0 or redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
        redis.call('HINCRBY', KEYS[5], ARGV[3], ARGV[2])
        local left = tonumber(ARGV[2])
        redis.call('DECRBY', KEYS[1], left)
        for i = 6, #KEYS do
          local take = math.min(left, math.max(0, tonumber(redis.call('GET', KEYS[i]) or '0')))
          if take > 0 then
            redis.call('DECRBY', KEYS[i], take)
            left = left - take
          end
        end
        if left > 0 and #KEYS >= 6 then redis.call('DECRBY', KEYS[6], left) end
        return 1
        """;

    /// <summary>Segments of the live stock that purchases read-modify-write: only redlock-segmented uses them.</summary>
    public int Segments => options.Value.Strategy == RedlockSegmentedReservation.Name ? options.Value.Segments : 0;

    /// <summary>True when purchases are admitted by Redis: PostgreSQL's stock follows only at commit.</summary>
    public bool AdmitsInRedis => options.Value.Strategy != PostgresRowLockReservation.Name;

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
            .. Segments > 0 ? [(RedisKey)keys.StockSegment(saleId, (int)(orderId % Segments))] : Array.Empty<RedisKey>(),
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
        if (!AdmitsInRedis)
        {
            return false; // postgres-row-lock took the units at purchase: every restore excluded them
        }

        RedisKey[] scriptKeys =
        [
            keys.Stock(saleId),
            keys.RecountedOrders(saleId),
            keys.StockRestored(saleId),
            keys.ReservationIndex(orderId),
            keys.UnitsPerUser(saleId),
            .. Enumerable.Range(0, Segments).Select(i => (RedisKey)keys.StockSegment(saleId, i)),
        ];
        return (int)await redis.GetDatabase().ScriptEvaluateAsync(RecountScript, scriptKeys, [orderId, quantity, userId]) == 1;
    }

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

using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Purchases;
using FlashSale.Inventory.StockLedger;
using StackExchange.Redis;

namespace FlashSale.Inventory.Reconciliation;

/// <summary>
/// Rewrites a sale's live stock in Redis from PostgreSQL. Called only under the sale's row lock, and each
/// write is one script that first re-checks what the decision was based on, so a purchase admitted in
/// between makes the repair step back instead of erasing it.
/// </summary>
public sealed class LiveStockRepair(IConnectionMultiplexer redis, SaleKeys keys, LiveStock live)
{
    // KEYS: stock, restore marker, units per user, segments...   ARGV: available, marker TTL (s), restored at (ms),
    // the segments' shares, then (user, units) pairs. Purchases are refused while the stock key is missing, so
    // nothing was admitted since the flush: the per-user counts and the stock are rebuilt in one step.
    private const string RestoreScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        local segments = #KEYS - 3
        redis.call('SET', KEYS[1], ARGV[1])
        for i = 1, segments do redis.call('SET', KEYS[3 + i], ARGV[3 + i]) end
        redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[2])
        for i = 4 + segments, #ARGV, 2 do
          if tonumber(ARGV[i + 1]) > tonumber(redis.call('HGET', KEYS[3], ARGV[i]) or '0') then
            redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
          end
        end
        return 1
        """;

    // KEYS: stock, reservations stream, segments...   ARGV: stock as read, stream length as read, available, shares...
    private const string ResetScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        if redis.call('XLEN', KEYS[2]) ~= tonumber(ARGV[2]) then return 0 end
        redis.call('SET', KEYS[1], ARGV[3])
        for i = 3, #KEYS do redis.call('SET', KEYS[i], ARGV[i + 1]) end
        return 1
        """;

    /// <summary>The live stock is missing (a flush): rebuild it, and mark the sale restored (see <see cref="SaleKeys.StockRestored"/>).</summary>
    public async Task<bool> RestoreAsync(long saleId, int available, IReadOnlyList<(string UserId, int Units)> unitsPerUser, DateTimeOffset now)
    {
        var shares = StockSegments.Split(Math.Max(available, 0), Math.Max(live.Segments, 1)).Take(live.Segments);
        RedisKey[] scriptKeys = [keys.Stock(saleId), keys.StockRestored(saleId), keys.UnitsPerUser(saleId), .. SegmentKeys(saleId)];
        RedisValue[] args =
        [
            available,
            (long)RedisLuaReservation.ReservationIndexTtl.TotalSeconds,
            now.ToUnixTimeMilliseconds(),
            .. shares.Select(share => (RedisValue)share),
            .. unitsPerUser.SelectMany(u => new RedisValue[] { u.UserId, u.Units }),
        ];
        return (int)await redis.GetDatabase().ScriptEvaluateAsync(RestoreScript, scriptKeys, args) == 1;
    }

    /// <summary>Sets the live stock (and its segments) to <paramref name="available"/> if Redis is still as it was read.</summary>
    public async Task<bool> ResetAsync(long saleId, long stockAsRead, long streamLengthAsRead, int available)
    {
        var shares = StockSegments.Split(Math.Max(available, 0), Math.Max(live.Segments, 1)).Take(live.Segments);
        RedisKey[] scriptKeys = [keys.Stock(saleId), keys.Reservations(saleId), .. SegmentKeys(saleId)];
        RedisValue[] args = [stockAsRead, streamLengthAsRead, available, .. shares.Select(share => (RedisValue)share)];
        return (int)await redis.GetDatabase().ScriptEvaluateAsync(ResetScript, scriptKeys, args) == 1;
    }

    private IEnumerable<RedisKey> SegmentKeys(long saleId) => Enumerable.Range(0, live.Segments).Select(i => (RedisKey)keys.StockSegment(saleId, i));
}

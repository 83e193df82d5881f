using System.Globalization;
using FlashSale.Inventory.Caching;
using StackExchange.Redis;

namespace FlashSale.Inventory.Purchases;

/// <summary>
/// The default strategy: one Lua script, so Redis runs it as a single atomic step. Checks come before
/// the decrement (a refused request never strands stock); the admitted reservation is appended to the
/// sale's stream in the same step, so "units taken" and "reservation recorded" can never diverge.
/// </summary>
public sealed class RedisLuaReservation(IConnectionMultiplexer redis, SaleKeys keys, TimeProvider time) : IStockReservation
{
    public const string Name = "redis-lua";

    private const string Script = """
        local prior = redis.call('HGET', KEYS[3], ARGV[4])
        if prior then return {2, prior} end
        local stock = redis.call('GET', KEYS[1])
        if not stock then return {4, '0'} end
        local quantity = tonumber(ARGV[2])
        local used = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
        if used + quantity > tonumber(ARGV[3]) then return {3, '0'} end
        if tonumber(stock) < quantity then return {1, '0'} end
        redis.call('DECRBY', KEYS[1], quantity)
        redis.call('HINCRBY', KEYS[2], ARGV[1], quantity)
        redis.call('HSET', KEYS[3], ARGV[4], ARGV[5])
        redis.call('XADD', KEYS[4], '*', 'orderId', ARGV[5], 'saleId', ARGV[6], 'userId', ARGV[1],
          'quantity', ARGV[2], 'unitPrice', ARGV[7], 'reservedAt', ARGV[8])
        redis.call('SET', KEYS[5], ARGV[6] .. '|' .. ARGV[1] .. '|' .. ARGV[2] .. '|' .. ARGV[7], 'EX', ARGV[9])
        return {0, ARGV[5]}
        """;

    /// <summary>How long the order-id index answers "is this a reservation of that user?" for the order service.</summary>
    public static readonly TimeSpan ReservationIndexTtl = TimeSpan.FromDays(2);

    public async Task<ReservationResult> ReserveAsync(ReservationRequest request)
    {
        RedisKey[] scriptKeys =
        [
            keys.Stock(request.SaleId),
            keys.UnitsPerUser(request.SaleId),
            keys.IdempotencyKeys(request.SaleId),
            keys.Reservations(request.SaleId),
            keys.ReservationIndex(request.OrderId),
        ];
        RedisValue[] args =
        [
            request.UserId,
            request.Quantity,
            request.PerUserLimit,
            IdempotencyField(request.UserId, request.IdempotencyKey),
            request.OrderId,
            request.SaleId,
            request.UnitPrice.ToString(CultureInfo.InvariantCulture),
            time.GetUtcNow().ToUnixTimeMilliseconds(),
            (long)ReservationIndexTtl.TotalSeconds,
        ];
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, scriptKeys, args))!;
        var outcome = (int)result[0] switch
        {
            0 => ReservationOutcome.Admitted,
            1 => ReservationOutcome.SoldOut,
            2 => ReservationOutcome.Duplicate,
            3 => ReservationOutcome.LimitReached,
            _ => ReservationOutcome.StockUnavailable,
        };
        return new ReservationResult(outcome, long.Parse((string)result[1]!, CultureInfo.InvariantCulture));
    }

    // Length-prefixed, so no (user, key) pair can be confused with another.
    public static string IdempotencyField(string userId, string key) =>
        string.Create(CultureInfo.InvariantCulture, $"{userId.Length}:{userId}|{key}");
}

using System.Globalization;
using FlashSale.Inventory.Caching;
using FlashSale.ServiceDefaults.Caching;
using StackExchange.Redis;

namespace FlashSale.Inventory.StockStrategies;

/// <summary>
/// The default strategy: one Lua script, so Redis runs it as a single atomic step. Checks come before
/// the decrement (a refused request never strands stock); the admitted reservation is appended to the
/// sale's stream in the same step, so "units taken" and "reservation recorded" can never diverge.
/// </summary>
public sealed class RedisLuaStrategy(IConnectionMultiplexer redis, SaleKeys keys, TimeProvider time) : IStockStrategy
{
    public const string Name = "redis-lua";

    private static readonly string Script = LuaScripts.Load<RedisLuaStrategy>("reserve");

    string IStockStrategy.Name => Name;

    public StockSegmentLayout Segments => StockSegmentLayout.None;

    public bool TakesDatabaseStockAtPurchase => false;

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
            SaleKeys.IdempotencyField(request.UserId, request.IdempotencyKey),
            request.OrderId,
            request.SaleId,
            request.UnitPrice.ToString(CultureInfo.InvariantCulture),
            time.GetUtcNow().ToUnixTimeMilliseconds(),
            (long)SaleKeys.ReservationIndexTtl.TotalSeconds,
            ReservationTrace.Current(),
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

}

using FlashSale.Inventory.BloomFilter;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Metrics;
using FlashSale.Inventory.Purchases;
using FlashSale.Inventory.Sales;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Inventory.WarmUp;

public enum StockWarmUp
{
    /// <summary>Before the start instant: Redis now holds PostgreSQL's available stock.</summary>
    Loaded,

    /// <summary>The sale has started and Redis holds live stock: left untouched.</summary>
    KeptLive,

    /// <summary>The sale has started and Redis has no stock (flushed mid-sale): reconciliation must repair it.</summary>
    MissingLive,
}

/// <summary>
/// Loads a sale into Redis (缓存预热): its id into the Bloom filter, its view, and its stock. Idempotent.
/// Stock is written only while no purchase can have happened: at creation (SET NX on a brand-new key)
/// or before the start instant as judged by Redis's own clock inside the script. Once a sale has
/// started, Redis's count is the live one and overwriting it would resurrect sold units.
/// </summary>
public sealed class SaleWarmer(
    IConnectionMultiplexer redis, SaleKeys keys, HotKeyCache cache, BloomFilterMaintenance bloom,
    IOptions<CacheOptions> cacheOptions, IOptions<WarmUpOptions> options, IOptions<PurchaseOptions> purchases,
    InventoryMetrics metrics, ILogger<SaleWarmer> logger)
{
    // KEYS[1] is the sale's total stock, KEYS[2..] its segments (redlock-segmented); ARGV[5..] their shares.
    private const string StockScript = """
        local function load(mode)
          redis.call('SET', KEYS[1], ARGV[1], mode)
          for i = 2, #KEYS do redis.call('SET', KEYS[i], ARGV[i + 3], mode) end
        end
        if ARGV[4] == 'create' then
          load('NX')
          return 1
        end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        if now < tonumber(ARGV[2]) - tonumber(ARGV[3]) then
          for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[i == 1 and 1 or i + 3]) end
          return 1
        end
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        return -1
        """;

    public async Task<StockWarmUp> WarmAsync(Sale sale, bool justCreated)
    {
        await bloom.EnsureContainsAsync(sale.Id, CancellationToken.None);
        await cache.WriteAsync(keys.View(sale.Id), keys.LastGoodView(sale.Id), SaleView.From(sale).ToJson(), cacheOptions.Value.ViewTtl);
        var shares = StockSegments.Split(sale.AvailableStock, purchases.Value.Segments);
        RedisKey[] stockKeys = [keys.Stock(sale.Id), .. Enumerable.Range(0, shares.Length).Select(i => (RedisKey)keys.StockSegment(sale.Id, i))];
        RedisValue[] args =
        [
            sale.AvailableStock,
            sale.StartsAt.ToUnixTimeMilliseconds(),
            (long)options.Value.StartGuard.TotalMilliseconds,
            justCreated ? "create" : "warm",
            .. shares.Select(share => (RedisValue)share),
        ];
        var result = (int)await redis.GetDatabase().ScriptEvaluateAsync(StockScript, stockKeys, args);
        var outcome = result switch
        {
            1 => StockWarmUp.Loaded,
            0 => StockWarmUp.KeptLive,
            _ => StockWarmUp.MissingLive,
        };
        if (outcome == StockWarmUp.MissingLive)
        {
            logger.LogWarning("Sale {SaleId} has started but Redis holds no stock for it; left for reconciliation", sale.Id);
        }

        metrics.WarmedUp(outcome.ToString());
        return outcome;
    }
}

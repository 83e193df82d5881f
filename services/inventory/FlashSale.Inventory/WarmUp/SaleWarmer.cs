using FlashSale.Inventory.BloomFilter;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.Metrics;
using FlashSale.Inventory.StockStrategies;
using FlashSale.ServiceDefaults.Caching;
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
    IOptions<CacheOptions> cacheOptions, IOptions<WarmUpOptions> options, IStockStrategy strategy,
    InventoryMetrics metrics, ILogger<SaleWarmer> logger)
{
    private static readonly string StockScript = LuaScripts.Load<SaleWarmer>("warm-stock");

    public async Task<StockWarmUp> WarmAsync(Sale sale, bool justCreated)
    {
        await bloom.EnsureContainsAsync(sale.Id, CancellationToken.None);
        await cache.WriteAsync(keys.View(sale.Id), keys.LastGoodView(sale.Id), SaleView.From(sale).ToJson(), cacheOptions.Value.ViewTtl);
        RedisKey[] stockKeys = [keys.Stock(sale.Id), .. strategy.Segments.Keys(sale.Id)];
        RedisValue[] args =
        [
            sale.AvailableStock,
            sale.StartsAt.ToUnixTimeMilliseconds(),
            (long)options.Value.StartGuard.TotalMilliseconds,
            justCreated ? "create" : "warm",
            .. strategy.Segments.Shares(sale.AvailableStock),
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

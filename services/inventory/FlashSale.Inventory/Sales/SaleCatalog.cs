using System.Text.Json;
using FlashSale.Inventory.BloomFilter;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Inventory.Sales;

public sealed record SaleLookup(CacheLookupOutcome Outcome, SaleView? View, long? AvailableInCache)
{
    public static readonly SaleLookup NotFound = new(CacheLookupOutcome.NotFound, null, null);
    public static readonly SaleLookup Unavailable = new(CacheLookupOutcome.Unavailable, null, null);
}

/// <summary>
/// The read path of sales: Bloom filter first (never-created ids stop here, 缓存穿透), then the Redis
/// view and live stock in one round trip, and only on a miss the single-flight rebuild from PostgreSQL.
/// </summary>
public sealed class SaleCatalog(
    IConnectionMultiplexer redis,
    SaleKeys keys,
    HotKeyCache cache,
    RedisBloomFilter bloom,
    BloomFilterMaintenance bloomMaintenance,
    InventoryDbContext db,
    InventoryMetrics metrics,
    TimeProvider time,
    IMemoryCache localViews,
    IOptions<CacheOptions> options)
{
    public const int MaxListedSales = 100;

    /// <summary>The sale's view and, unless <paramref name="withStock"/> is false, its live stock in Redis.</summary>
    public async Task<SaleLookup> FindAsync(long saleId, CancellationToken ct, bool withStock = true)
    {
        // A view is immutable: a copy held in-process for a moment saves the Bloom and view round trips
        // (the id is known to exist), leaving one GET for the live stock.
        if (localViews.TryGetValue(LocalKey(saleId), out SaleView? local))
        {
            metrics.CacheHit();
            return new SaleLookup(CacheLookupOutcome.Found, local,
                withStock ? AsStock(await redis.GetDatabase().StringGetAsync(keys.Stock(saleId))) : null);
        }

        switch (await bloom.MightContainAsync(saleId))
        {
            case BloomAnswer.DefinitelyAbsent:
                metrics.BloomRejection();
                return SaleLookup.NotFound;
            case BloomAnswer.Unknown:
                bloomMaintenance.RequestRebuild();
                break;
        }

        var cached = await redis.GetDatabase().StringGetAsync([keys.View(saleId), keys.Stock(saleId)]);
        var stock = AsStock(cached[1]);
        var lookup = HotKeyCache.FromCached(cached[0]);
        if (lookup is null)
        {
            lookup = await cache.GetOrRebuildAsync(
                keys.View(saleId), keys.LastGoodView(saleId), keys.ViewRebuildLock(saleId), options.Value.ViewTtl,
                token => LoadViewAsync(saleId, token), ct);
            stock ??= AsStock(await redis.GetDatabase().StringGetAsync(keys.Stock(saleId)));
        }
        else
        {
            metrics.CacheHit();
        }

        switch (lookup.Value.Outcome)
        {
            case CacheLookupOutcome.Found:
                var view = SaleView.FromJson(lookup.Value.Value!);
                localViews.Set(LocalKey(saleId), view, options.Value.LocalViewTtl);
                return new SaleLookup(CacheLookupOutcome.Found, view, stock);
            case CacheLookupOutcome.NotFound:
                return SaleLookup.NotFound;
            default:
                return SaleLookup.Unavailable;
        }
    }

    private static (string, long) LocalKey(long saleId) => ("sale-view", saleId);

    /// <summary>Active and upcoming sales (those not ended), soonest first, each with its live stock.</summary>
    public async Task<IReadOnlyList<(SaleView View, long? AvailableInCache)>?> ListAsync(CancellationToken ct)
    {
        var lookup = await cache.GetOrRebuildAsync(
            keys.SaleList, keys.LastGoodSaleList, SaleKeys.SaleListRebuildLock, options.Value.ListTtl, LoadListAsync, ct);
        if (lookup.Outcome != CacheLookupOutcome.Found)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var views = JsonSerializer.Deserialize<List<SaleView>>((string)lookup.Value!, JsonSerializerOptions.Web)!
            .Where(v => v.EndsAt > now).ToList();
        if (views.Count == 0)
        {
            return [];
        }

        var stocks = await redis.GetDatabase().StringGetAsync(views.Select(v => (RedisKey)keys.Stock(v.Id)).ToArray());
        return views.Select((v, i) => (v, AsStock(stocks[i]))).ToList();
    }

    /// <summary>Write path: after the database changed, the list is dropped (its last good copy stays for the rebuild race).</summary>
    public Task InvalidateListAsync() => redis.GetDatabase().KeyDeleteAsync(keys.SaleList);

    private async Task<RedisValue> LoadViewAsync(long saleId, CancellationToken ct)
    {
        var sale = await db.Sales.AsNoTracking().FirstOrDefaultAsync(s => s.Id == saleId, ct);
        return sale is null ? RedisValue.Null : SaleView.From(sale).ToJson();
    }

    private async Task<RedisValue> LoadListAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var sales = await db.Sales.AsNoTracking().Where(s => s.EndsAt > now)
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Id).Take(MaxListedSales).ToListAsync(ct);
        return JsonSerializer.Serialize(sales.Select(SaleView.From), JsonSerializerOptions.Web);
    }

    private static long? AsStock(RedisValue value) => value.TryParse(out long stock) ? stock : null;
}

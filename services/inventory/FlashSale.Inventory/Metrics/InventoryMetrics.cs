using System.Diagnostics.Metrics;

namespace FlashSale.Inventory.Metrics;

/// <summary>The inventory service's own instruments (meter "FlashSale.Inventory", exported by OpenTelemetry).</summary>
public sealed class InventoryMetrics
{
    public const string MeterName = "FlashSale.Inventory";

    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly Counter<long> _cacheRebuilds;
    private readonly Counter<long> _staleServed;
    private readonly Counter<long> _bloomRejections;
    private readonly Counter<long> _bloomRebuilds;
    private readonly Counter<long> _tokensIssued;
    private readonly Counter<long> _warmUps;

    public InventoryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _cacheHits = meter.CreateCounter<long>("flashsale.sale_cache.hits", description: "Sale views and lists served from Redis.");
        _cacheMisses = meter.CreateCounter<long>("flashsale.sale_cache.misses", description: "Lookups that found no cache entry.");
        _cacheRebuilds = meter.CreateCounter<long>("flashsale.sale_cache.rebuilds", description: "Entries rebuilt from PostgreSQL under the rebuild lock.");
        _staleServed = meter.CreateCounter<long>("flashsale.sale_cache.stale_served", description: "Last good copies served while another caller rebuilt.");
        _bloomRejections = meter.CreateCounter<long>("flashsale.bloom.rejections", description: "Unknown sale ids answered 404 by the Bloom filter alone.");
        _bloomRebuilds = meter.CreateCounter<long>("flashsale.bloom.rebuilds", description: "Bloom filter bitmaps rebuilt from PostgreSQL.");
        _tokensIssued = meter.CreateCounter<long>("flashsale.purchase_tokens.issued", description: "Purchase tokens issued.");
        _warmUps = meter.CreateCounter<long>("flashsale.sale_warmups", description: "Sales warmed into Redis, by outcome of their stock.");
    }

    public void CacheHit() => _cacheHits.Add(1);
    public void CacheMiss() => _cacheMisses.Add(1);
    public void CacheRebuild() => _cacheRebuilds.Add(1);
    public void StaleServed() => _staleServed.Add(1);
    public void BloomRejection() => _bloomRejections.Add(1);
    public void BloomRebuild() => _bloomRebuilds.Add(1);
    public void TokenIssued() => _tokensIssued.Add(1);
    public void WarmedUp(string stockOutcome) => _warmUps.Add(1, new KeyValuePair<string, object?>("stock", stockOutcome));
}

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
    private readonly Counter<long> _humanChecks;
    private readonly Counter<long> _warmUps;
    private readonly Counter<long> _stockCommands;
    private readonly Counter<long> _commitDrift;
    private readonly Counter<long> _unitsReleased;
    private readonly Counter<long> _reconciliations;
    private readonly Counter<long> _driftFound;
    private readonly Counter<long> _driftRepaired;

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
        _humanChecks = meter.CreateCounter<long>("flashsale.human_checks", description: "Human checks of token requests, by verdict (passed, required, failed, replayed).");
        _warmUps = meter.CreateCounter<long>("flashsale.sale_warmups", description: "Sales warmed into Redis, by outcome of their stock.");
        _stockCommands = meter.CreateCounter<long>("flashsale.stock.commands", description: "Commit, release and sell commands of the order saga, by outcome.");
        _commitDrift = meter.CreateCounter<long>("flashsale.stock.commit_drift", description: "Commits refused because PostgreSQL had fewer units than Redis admitted.");
        _unitsReleased = meter.CreateCounter<long>("flashsale.stock.units_released", description: "Units given back to stock by cancelled orders.");
        _reconciliations = meter.CreateCounter<long>("flashsale.reconciliation.runs", description: "Reconciliation runs, by outcome (ran, or skipped while another replica ran).");
        _driftFound = meter.CreateCounter<long>("flashsale.reconciliation.drift_found", description: "Sales found with Redis and PostgreSQL stock disagreeing, by finding.");
        _driftRepaired = meter.CreateCounter<long>("flashsale.reconciliation.drift_repaired", description: "Sales whose live stock reconciliation repaired, by finding.");
    }

    public void CacheHit() => _cacheHits.Add(1);
    public void CacheMiss() => _cacheMisses.Add(1);
    public void CacheRebuild() => _cacheRebuilds.Add(1);
    public void StaleServed() => _staleServed.Add(1);
    public void BloomRejection() => _bloomRejections.Add(1);
    public void BloomRebuild() => _bloomRebuilds.Add(1);
    public void TokenIssued() => _tokensIssued.Add(1);
    public void HumanCheckAnswered(string verdict) => _humanChecks.Add(1, new KeyValuePair<string, object?>("verdict", verdict));
    public void StockCommand(string command, string outcome) =>
        _stockCommands.Add(1, new KeyValuePair<string, object?>("command", command), new KeyValuePair<string, object?>("outcome", outcome));

    public void CommitDrift() => _commitDrift.Add(1);
    public void UnitsReleased(int units) => _unitsReleased.Add(units);
    public void Reconciliation(string outcome) => _reconciliations.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    public void DriftFound(string finding) => _driftFound.Add(1, new KeyValuePair<string, object?>("finding", finding));
    public void DriftRepaired(string finding) => _driftRepaired.Add(1, new KeyValuePair<string, object?>("finding", finding));
    public void WarmedUp(string stockOutcome) => _warmUps.Add(1, new KeyValuePair<string, object?>("stock", stockOutcome));
}

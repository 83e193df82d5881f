using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FlashSale.BuildingBlocks.Sales;
using FlashSale.ServiceDefaults.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Gateway.SoldOut;

/// <summary>
/// This gateway's <see cref="SaleStockGate"/> per sale. A sale's gate starts from the units Redis holds for it, read
/// once by its first purchase while the others wait for that one read; a sale without a figure (unknown, not warmed up,
/// Redis unreachable or slow) is not gated. A gate is dropped when the sale is held sold out (the next is read afresh
/// once the sale is forgotten), when its count proves stale (inventory admitted a purchase the count had no unit for),
/// or when unused for <see cref="StockGateOptions.ForgetIdleAfter"/>.
/// </summary>
public sealed class StockGates(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<SoldOutOptions> options,
    TimeProvider time, IMeterFactory meters, ILogger<StockGates> logger)
{
    private readonly ConcurrentDictionary<long, Lazy<Task<SaleStockGate?>>> _gates = new();
    private readonly ConcurrentDictionary<long, long> _ungatedUntil = new();
    private readonly string _prefix = redisOptions.Value.KeyPrefix;
    private readonly StockGateOptions _options = options.Value.Gate;
    private readonly Histogram<double> _waited = meters.Create("FlashSale.Gateway").CreateHistogram<double>(
        "flashsale.gateway.stock_gate.wait", unit: "s", description: "How long purchases waited at their sale's stock gate, of those that waited.");

    /// <summary>The sale's gate, or null when it goes ungated.</summary>
    public ValueTask<SaleStockGate?> GateAsync(long saleId)
    {
        if (_ungatedUntil.TryGetValue(saleId, out var until))
        {
            if (time.GetTimestamp() < until)
            {
                return ValueTask.FromResult<SaleStockGate?>(null);
            }

            _ungatedUntil.TryRemove(new KeyValuePair<long, long>(saleId, until));
        }

        // Every purchase comes here: the lookup allocates nothing once the sale's gate exists.
        if (!_gates.TryGetValue(saleId, out var gate))
        {
            gate = _gates.GetOrAdd(saleId, static (id, self) => new Lazy<Task<SaleStockGate?>>(() => self.ReadAsync(id)), this);
        }

        var read = gate.Value;
        return read.IsCompletedSuccessfully ? ValueTask.FromResult(read.Result) : new ValueTask<SaleStockGate?>(read);
    }

    /// <summary>Enters <paramref name="gate"/>, recording how long a purchase that had to wait waited.</summary>
    public async ValueTask<GateEntry> EnterAsync(SaleStockGate gate, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var entry = gate.EnterAsync(_options.MaxWait, ct);
        if (entry.IsCompleted)
        {
            return entry.Result;
        }

        var result = await entry;
        _waited.Record(time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("entry", result.ToString()));
        return result;
    }

    /// <summary>The sale is held sold out: its waiters are answered, and its gate is read afresh once the sale is forgotten.</summary>
    public void Close(long saleId)
    {
        if (_gates.TryRemove(saleId, out var read) && read.Value.IsCompletedSuccessfully)
        {
            read.Value.Result?.Close();
        }
    }

    /// <summary>The gate's count proved stale (<see cref="SaleStockGate.Exit"/>): its waiters go on, and the next purchase reads the units again.</summary>
    public void Retire(long saleId, SaleStockGate gate)
    {
        gate.Retire();
        if (_gates.TryGetValue(saleId, out var read) && read.Value is { IsCompletedSuccessfully: true } current && ReferenceEquals(current.Result, gate))
        {
            _gates.TryRemove(new KeyValuePair<long, Lazy<Task<SaleStockGate?>>>(saleId, read));
        }
    }

    /// <summary>Drops the gates nobody used for <see cref="StockGateOptions.ForgetIdleAfter"/>, so their units are read again.</summary>
    public void ForgetIdle()
    {
        foreach (var entry in _gates)
        {
            if (entry.Value.Value is { IsCompletedSuccessfully: true, Result: { } gate } && gate.IsIdleFor(_options.ForgetIdleAfter))
            {
                _gates.TryRemove(entry);
            }
        }

        var now = time.GetTimestamp();
        foreach (var entry in _ungatedUntil.Where(entry => entry.Value <= now))
        {
            _ungatedUntil.TryRemove(entry);
        }
    }

    private async Task<SaleStockGate?> ReadAsync(long saleId)
    {
        try
        {
            // Every purchase of the sale waits for this read: a slow Redis leaves the sale ungated rather than stalled.
            var units = await redis.GetDatabase().StringGetAsync(SaleStockKeys.Stock(_prefix, saleId)).WaitAsync(_options.ReadTimeout, time);
            // A missing key would parse as 0: an unknown sale, not a sold-out one.
            if (!units.IsNull && units.TryParse(out long left))
            {
                return new SaleStockGate(left, _options.Beyond, _options.MaxWaiting, time);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "Units left of sale {SaleId} could not be read; its purchases go on ungated", saleId);
        }

        _ungatedUntil[saleId] = time.GetTimestamp() + (long)(_options.UnknownSaleRereadAfter.TotalSeconds * time.TimestampFrequency);
        _gates.TryRemove(saleId, out _);
        return null;
    }
}

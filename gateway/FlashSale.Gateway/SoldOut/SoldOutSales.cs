using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using FlashSale.BuildingBlocks.Sales;
using FlashSale.ServiceDefaults.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Gateway.SoldOut;

/// <summary>
/// The sales this gateway knows to be sold out, each with the purchase address inventory answered at and every shopper
/// it admitted. A purchase by anyone else is answered "sold out" from memory; an admitted shopper still reaches inventory,
/// so a retry with the same Idempotency-Key gets its order id again (I7). Learned from inventory's own sold-out answers,
/// read from Redis in one atomic step (units left and the admitted shoppers), and dropped as soon as a recheck finds
/// units given back or a shopper admitted since.
/// </summary>
public sealed class SoldOutSales(IConnectionMultiplexer redis, IOptions<RedisOptions> redisOptions, IOptions<SoldOutOptions> options,
    TimeProvider time, IMeterFactory meters, ILogger<SoldOutSales> logger)
{
    // Both keys carry the sale's hash tag, so one script reads them at one instant.
    private const string ReadScript = "return { redis.call('GET', KEYS[1]), redis.call('HKEYS', KEYS[2]) }";

    private readonly ConcurrentDictionary<long, Sale> _sales = new();
    private readonly ConcurrentDictionary<long, byte> _raising = new();
    private readonly string _prefix = redisOptions.Value.KeyPrefix;
    private readonly Counter<long> _answered = meters.Create("FlashSale.Gateway").CreateCounter<long>(
        "flashsale.gateway.sold_out_answers", description: "Purchases the gateway answered sold out from memory, without inventory.");

    public int Count => _sales.Count;

    /// <summary>True when this purchase can be answered sold out here: a known sold-out sale, its address, a shopper it never admitted.</summary>
    public bool Answers(long saleId, string address, string userId)
    {
        if (!_sales.TryGetValue(saleId, out var sale) || sale.Address != address || sale.Admitted.Contains(userId))
        {
            return false;
        }

        sale.LastUsed = time.GetTimestamp();
        _answered.Add(1);
        return true;
    }

    /// <summary>
    /// Inventory answered a purchase at <paramref name="address"/> sold out: hold the sale if Redis still says so.
    /// True when the sale is held now (by this call or before it).
    /// </summary>
    public async Task<bool> RaiseAsync(long saleId, string address)
    {
        if (_sales.ContainsKey(saleId))
        {
            return true;
        }

        if (!_raising.TryAdd(saleId, 0))
        {
            return false;
        }

        try
        {
            var read = (RedisResult[]?)await redis.GetDatabase().ScriptEvaluateAsync(ReadScript,
                [SaleStockKeys.Stock(_prefix, saleId), SaleStockKeys.UnitsPerUser(_prefix, saleId)]);
            if (read is null || !long.TryParse((string?)read[0], out var left) || left > 0)
            {
                return false;
            }

            var admitted = ((RedisResult[])read[1]!).Select(user => (string)user!).ToFrozenSet(StringComparer.Ordinal);
            _sales[saleId] = new Sale(address, admitted) { LastUsed = time.GetTimestamp() };
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or InvalidCastException)
        {
            logger.LogDebug(e, "Sale {SaleId} could not be read from Redis; its purchases keep going to inventory", saleId);
            return false;
        }
        finally
        {
            _raising.TryRemove(saleId, out _);
        }
    }

    /// <summary>
    /// Forgets every held sale whose units came back or who admitted someone since it was read, and those nobody asked about
    /// for a while. When Redis cannot answer, forgets them all: inventory answers again.
    /// </summary>
    public async Task RecheckAsync()
    {
        if (_sales.IsEmpty)
        {
            return;
        }

        var held = _sales.ToArray();
        try
        {
            var batch = redis.GetDatabase().CreateBatch();
            var reads = held.Select(entry => (entry, Stock: batch.StringGetAsync(SaleStockKeys.Stock(_prefix, entry.Key)),
                Admitted: batch.HashLengthAsync(SaleStockKeys.UnitsPerUser(_prefix, entry.Key)))).ToList();
            batch.Execute();
            foreach (var (entry, stock, admitted) in reads)
            {
                var unused = time.GetElapsedTime(entry.Value.LastUsed) > options.Value.ForgetUnusedAfter;
                if (unused || !(await stock).TryParse(out long left) || left > 0 || await admitted != entry.Value.Admitted.Count)
                {
                    _sales.TryRemove(entry);
                }
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogDebug(e, "Sold-out sales could not be rechecked; all {Count} forgotten", held.Length);
            foreach (var entry in held)
            {
                _sales.TryRemove(entry);
            }
        }
    }

    private sealed record Sale(string Address, FrozenSet<string> Admitted)
    {
        public long LastUsed { get; set; }
    }
}

using System.Collections.Concurrent;
using FlashSale.Inventory.Caching;
using StackExchange.Redis;

namespace FlashSale.Inventory.Purchases;

/// <summary>
/// In-process "sold out" flags: once a sale is sold out, most purchase attempts are answered here without
/// a Redis call. The flag keeps the set of shoppers who were admitted (read once from Redis when the flag
/// is raised: after sell-out nobody new can be admitted), and lets exactly those through to Redis, so an
/// admitted shopper retrying with the same Idempotency-Key still gets the same order id (I7).
/// </summary>
public sealed class SoldOutFlags(IConnectionMultiplexer redis, SaleKeys keys)
{
    private readonly ConcurrentDictionary<long, HashSet<string>> _soldOut = new();
    private readonly Lock _gate = new();
    private long _lowerings;

    /// <summary>True when the sale is flagged sold out and this shopper holds nothing in it.</summary>
    public bool RejectsWithoutRedis(long saleId, string userId) =>
        _soldOut.TryGetValue(saleId, out var admitted) && !admitted.Contains(userId);

    public bool IsRaised(long saleId) => _soldOut.ContainsKey(saleId);

    /// <summary>
    /// Called when the atomic step answered "sold out". Raised only while Redis's stock is really empty
    /// (a purchase of 2 refused with 1 unit left must not turn away buyers of 1), and not when a lowering
    /// arrived meanwhile: a release between the refusal and this call must not be hidden behind the flag.
    /// </summary>
    public async Task RaiseAsync(long saleId)
    {
        if (_soldOut.ContainsKey(saleId))
        {
            return;
        }

        var lowerings = Volatile.Read(ref _lowerings);
        var db = redis.GetDatabase();
        var stock = await db.StringGetAsync(keys.Stock(saleId));
        if (!stock.TryParse(out long left) || left > 0)
        {
            return;
        }

        var admitted = await db.HashKeysAsync(keys.UnitsPerUser(saleId));
        lock (_gate)
        {
            if (_lowerings == lowerings)
            {
                _soldOut.TryAdd(saleId, admitted.Select(user => (string)user!).ToHashSet(StringComparer.Ordinal));
            }
        }
    }

    /// <summary>Stock came back: answer from Redis again.</summary>
    public void Lower(long saleId)
    {
        lock (_gate)
        {
            _lowerings++;
            _soldOut.TryRemove(saleId, out _);
        }
    }
}

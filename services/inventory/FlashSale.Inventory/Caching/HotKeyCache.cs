using FlashSale.Inventory.Metrics;
using Microsoft.Extensions.Options;
using RedLockNet;
using StackExchange.Redis;

namespace FlashSale.Inventory.Caching;

public enum CacheLookupOutcome
{
    Found,
    NotFound,

    /// <summary>Another caller holds the rebuild and did not finish in time, and no last good copy exists.</summary>
    Unavailable,
}

public readonly record struct CacheLookup(CacheLookupOutcome Outcome, RedisValue Value)
{
    public static readonly CacheLookup NotFound = new(CacheLookupOutcome.NotFound, RedisValue.Null);
    public static readonly CacheLookup Unavailable = new(CacheLookupOutcome.Unavailable, RedisValue.Null);

    public static CacheLookup Found(RedisValue value) => new(CacheLookupOutcome.Found, value);
}

/// <summary>
/// Cache-aside for hot keys (缓存击穿): on a miss exactly one caller, holding a Redlock lock, loads from
/// the database and fills the entry (TTL with jitter, 缓存雪崩) plus a long-lived last good copy; the
/// others serve the last good copy or wait briefly for the winner. A missing row is cached as a short
/// "not found" marker, so a Bloom false positive cannot hammer the database either.
/// </summary>
public sealed class HotKeyCache(IConnectionMultiplexer redis, IDistributedLockFactory locks, IOptions<CacheOptions> options, InventoryMetrics metrics)
{
    private static readonly RedisValue NotFoundMarker = "\u0000not-found";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static bool IsNotFoundMarker(RedisValue value) => value == NotFoundMarker;

    /// <summary>A value read by the caller's own fast path (e.g. an MGET), or null on a miss.</summary>
    public static CacheLookup? FromCached(RedisValue cached) =>
        cached.IsNull ? null : IsNotFoundMarker(cached) ? CacheLookup.NotFound : CacheLookup.Found(cached);

    public async Task<CacheLookup> GetOrRebuildAsync(
        string key, string lastGoodKey, string lockResource, TimeSpan ttl, Func<CancellationToken, Task<RedisValue>> load, CancellationToken ct)
    {
        var db = redis.GetDatabase();
        if (FromCached(await db.StringGetAsync(key)) is { } hit)
        {
            metrics.CacheHit();
            return hit;
        }

        metrics.CacheMiss();
        var lease = options.Value.RebuildLockLease;
        await using (var rebuildLock = await locks.CreateLockAsync(lockResource, lease))
        {
            if (rebuildLock.IsAcquired)
            {
                // Someone may have filled it between our miss and our lock.
                if (FromCached(await db.StringGetAsync(key)) is { } filled)
                {
                    return filled;
                }

                metrics.CacheRebuild();
                var loaded = await load(ct);
                if (loaded.IsNull)
                {
                    await db.StringSetAsync(key, NotFoundMarker, options.Value.NotFoundTtl);
                    return CacheLookup.NotFound;
                }

                await WriteAsync(key, lastGoodKey, loaded, ttl);
                return CacheLookup.Found(loaded);
            }
        }

        var lastGood = await db.StringGetAsync(lastGoodKey);
        if (!lastGood.IsNull)
        {
            metrics.StaleServed();
            return CacheLookup.Found(lastGood);
        }

        var deadline = DateTime.UtcNow + options.Value.RebuildWait;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(PollInterval, ct);
            if (FromCached(await db.StringGetAsync(key)) is { } rebuilt)
            {
                return rebuilt;
            }
        }

        return CacheLookup.Unavailable;
    }

    public Task WriteAsync(string key, string lastGoodKey, RedisValue value, TimeSpan ttl)
    {
        var db = redis.GetDatabase();
        return Task.WhenAll(
            db.StringSetAsync(key, value, WithJitter(ttl)),
            db.StringSetAsync(lastGoodKey, value, options.Value.LastGoodCopyTtl));
    }

    public TimeSpan WithJitter(TimeSpan ttl) =>
        ttl + TimeSpan.FromMilliseconds(ttl.TotalMilliseconds * options.Value.TtlJitter * Random.Shared.NextDouble());
}

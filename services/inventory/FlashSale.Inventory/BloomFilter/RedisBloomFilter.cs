using FlashSale.Inventory.Caching;
using FlashSale.ServiceDefaults.Caching;
using StackExchange.Redis;

namespace FlashSale.Inventory.BloomFilter;

/// <summary>The answer of a Bloom filter lookup. Only <see cref="DefinitelyAbsent"/> may reject a request.</summary>
public enum BloomAnswer
{
    DefinitelyAbsent,
    MaybePresent,

    /// <summary>The bitmap is missing (e.g. Redis was flushed): nothing can be ruled out.</summary>
    Unknown,
}

/// <summary>
/// A Bloom filter on a plain Redis bitmap (Redis here has no Bloom module): all k bits of an item are
/// read or set by one Lua call. A missing bitmap is reported, never treated as empty, because an empty
/// filter would turn every real sale into a 404.
/// </summary>
public sealed class RedisBloomFilter(IConnectionMultiplexer redis, SaleKeys keys, BloomFilterParameters parameters)
{
    private static readonly string CheckScript = LuaScripts.Load<RedisBloomFilter>("bloom-check");

    private static readonly string AddScript = LuaScripts.Load<RedisBloomFilter>("bloom-add");

    public BloomFilterParameters Parameters => parameters;

    public async Task<BloomAnswer> MightContainAsync(long id)
    {
        var result = (int)await redis.GetDatabase().ScriptEvaluateAsync(CheckScript, [keys.BloomFilter], ToValues(null, [id]));
        return result switch
        {
            0 => BloomAnswer.DefinitelyAbsent,
            1 => BloomAnswer.MaybePresent,
            _ => BloomAnswer.Unknown,
        };
    }

    /// <summary>Adds the ids to the live bitmap; false when the bitmap is missing (a rebuild is due).</summary>
    public async Task<bool> TryAddAsync(params long[] ids) =>
        (int)await redis.GetDatabase().ScriptEvaluateAsync(AddScript, [keys.BloomFilter], ToValues("existing", ids)) == 1;

    /// <summary>
    /// Builds a complete bitmap from <paramref name="ids"/> under a temporary key, then swaps it in with
    /// one RENAME, so readers see either the old filter or the whole new one.
    /// </summary>
    public async Task RebuildAsync(IAsyncEnumerable<long> ids, CancellationToken ct)
    {
        var db = redis.GetDatabase();
        var temporary = keys.BloomFilterRebuild(Guid.NewGuid());
        await db.StringSetBitAsync(temporary, parameters.Bits - 1, false);
        try
        {
            var batch = new List<long>(512);
            await foreach (var id in ids.WithCancellation(ct))
            {
                batch.Add(id);
                if (batch.Count == batch.Capacity)
                {
                    await db.ScriptEvaluateAsync(AddScript, [temporary], ToValues("any", [.. batch]));
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await db.ScriptEvaluateAsync(AddScript, [temporary], ToValues("any", [.. batch]));
            }

            await db.KeyRenameAsync(temporary, keys.BloomFilter);
        }
        finally
        {
            await db.KeyDeleteAsync(temporary);
        }
    }

    public Task<bool> ExistsAsync() => redis.GetDatabase().KeyExistsAsync(keys.BloomFilter);

    private RedisValue[] ToValues(string? mode, long[] ids)
    {
        var offset = mode is null ? 0 : 1;
        var values = new RedisValue[offset + ids.Length * parameters.Hashes];
        if (mode is not null)
        {
            values[0] = mode;
        }

        Span<long> positions = stackalloc long[parameters.Hashes];
        for (var i = 0; i < ids.Length; i++)
        {
            parameters.Positions(ids[i], positions);
            for (var h = 0; h < positions.Length; h++)
            {
                values[offset + i * parameters.Hashes + h] = positions[h];
            }
        }

        return values;
    }
}

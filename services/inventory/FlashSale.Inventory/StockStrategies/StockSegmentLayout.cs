using FlashSale.Inventory.Caching;
using StackExchange.Redis;

namespace FlashSale.Inventory.StockStrategies;

/// <summary>
/// How a sale's live stock is split into segments (分段锁) beside its total: the keys and each segment's share.
/// Only redlock-segmented has segments; for the others every list here is empty, so the scripts that take a
/// variable number of segment keys (warm-up, give-back, restore, reset, the reconciliation read) need no branch.
/// </summary>
public sealed class StockSegmentLayout
{
    private readonly SaleKeys? _keys;

    private StockSegmentLayout(SaleKeys? keys, int count) => (_keys, Count) = (keys, count);

    public static StockSegmentLayout None { get; } = new(null, 0);

    public static StockSegmentLayout Of(SaleKeys keys, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return new StockSegmentLayout(keys, count);
    }

    public int Count { get; }

    /// <summary>Every segment's key, in segment order.</summary>
    public RedisKey[] Keys(long saleId) => Enumerable.Range(0, Count).Select(i => (RedisKey)_keys!.StockSegment(saleId, i)).ToArray();

    /// <summary>The one segment a cancelled order's units go back to (none without segments).</summary>
    public RedisKey[] KeyFor(long saleId, long orderId) => Count == 0 ? [] : [_keys!.StockSegment(saleId, (int)(orderId % Count))];

    /// <summary>Each segment's share of <paramref name="available"/> units (negative counts as none).</summary>
    public RedisValue[] Shares(int available) => Split(Math.Max(available, 0), Count).Select(share => (RedisValue)share).ToArray();

    /// <summary>Splits stock into <paramref name="segments"/> shares that differ by at most one unit.</summary>
    public static int[] Split(int stock, int segments) =>
        Enumerable.Range(0, segments).Select(i => stock / segments + (i < stock % segments ? 1 : 0)).ToArray();
}

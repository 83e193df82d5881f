using System.Globalization;
using FlashSale.Inventory.Caching;
using FlashSale.ServiceDefaults.Caching;
using Microsoft.Extensions.Options;
using RedLockNet;
using StackExchange.Redis;

namespace FlashSale.Inventory.StockStrategies;

/// <summary>
/// Segmented stock (分段锁): the sale's stock is split into K segments, each behind its own Redlock lock
/// (RedLock.net, quorum of 3 independent Redis nodes), so K buyers proceed in parallel. Under the lock the
/// segment is read, the new count computed here, and written back: a read-modify-write that is safe only
/// while the lock is really held. A holder that stalls past its lease (GC pause, VM freeze) no longer
/// holds it, so the write carries a fencing token — a counter taken after acquiring — and the segment
/// refuses any write older than one it already accepted (Kleppmann's fix for Redlock). The write also
/// compares the segment with the value read: units given back by a cancelled order (an INCRBY that
/// takes no lock) or a reconciliation repair may land between the read and the write, and a blind SET
/// would erase them. Either check failing makes the holder read again.
/// </summary>
public sealed class RedlockSegmentedStrategy(
    IConnectionMultiplexer redis, SaleKeys keys, IDistributedLockFactory locks, IOptions<StockStrategyOptions> options, TimeProvider time)
    : IStockStrategy
{
    public const string Name = "redlock-segmented";

    string IStockStrategy.Name => Name;

    public StockSegmentLayout Segments { get; } = StockSegmentLayout.Of(keys, options.Value.Segments);

    public bool TakesDatabaseStockAtPurchase => false;

    private static readonly string PreCheckScript = LuaScripts.Load<RedlockSegmentedStrategy>("segment-precheck");

    private static readonly string FencedWriteScript = LuaScripts.Load<RedlockSegmentedStrategy>("segment-fenced-write");

    /// <summary>
    /// Runs between the read and the fenced write, where a real holder can stall. Tests use it to pause
    /// a holder past its lease; in production it stays null.
    /// </summary>
    public Func<ReservationRequest, int, Task>? BeforeFencedWrite { get; set; }

    public async Task<ReservationResult> ReserveAsync(ReservationRequest request)
    {
        var db = redis.GetDatabase();
        var idempotencyField = SaleKeys.IdempotencyField(request.UserId, request.IdempotencyKey);
        if (await PreCheckAsync(db, request, idempotencyField) is { } early)
        {
            return early;
        }

        var segments = options.Value.Segments;
        var deadline = time.GetUtcNow() + options.Value.SegmentContentionTimeout;
        var start = Random.Shared.Next(segments);
        while (true)
        {
            var busy = false;
            for (var n = 0; n < segments; n++)
            {
                var segment = (start + n) % segments;
                var (state, result) = await TrySegmentAsync(db, request, segment, idempotencyField);
                switch (state)
                {
                    case SegmentState.Busy or SegmentState.Stale:
                        busy = true;
                        break;
                    case SegmentState.Empty:
                        break;
                    default:
                        return result;
                }
            }

            if (!busy)
            {
                return new ReservationResult(ReservationOutcome.SoldOut, 0);
            }

            if (time.GetUtcNow() > deadline)
            {
                // Units may remain behind locks we never got: "sold out" would be a lie; "busy" is the truth.
                return new ReservationResult(ReservationOutcome.StockUnavailable, 0);
            }

            // Back off with jitter, then look again: the sale may have sold out while we waited.
            await Task.Delay(Random.Shared.Next(5, 25));
            if (await PreCheckAsync(db, request, idempotencyField) is { } settled)
            {
                return settled;
            }
        }
    }

    /// <summary>Answers without any lock when it can: a duplicate key, the user's limit, or too little stock left in total.</summary>
    private async Task<ReservationResult?> PreCheckAsync(IDatabase db, ReservationRequest request, string idempotencyField)
    {
        var pre = (RedisResult[])(await db.ScriptEvaluateAsync(PreCheckScript,
            [keys.Stock(request.SaleId), keys.UnitsPerUser(request.SaleId), keys.IdempotencyKeys(request.SaleId)],
            [request.UserId, idempotencyField]))!;
        return (int)pre[0] switch
        {
            2 => new ReservationResult(ReservationOutcome.Duplicate, long.Parse((string)pre[1]!, CultureInfo.InvariantCulture)),
            4 => new ReservationResult(ReservationOutcome.StockUnavailable, 0),
            _ when (int)pre[1] + request.Quantity > request.PerUserLimit => new ReservationResult(ReservationOutcome.LimitReached, 0),
            _ when (int)pre[2] < request.Quantity => new ReservationResult(ReservationOutcome.SoldOut, 0),
            _ => null,
        };
    }

    private async Task<(SegmentState State, ReservationResult Result)> TrySegmentAsync(IDatabase db, ReservationRequest request, int segment, string idempotencyField)
    {
        await using var segmentLock = await locks.CreateLockAsync(SaleKeys.SegmentLock(request.SaleId, segment), options.Value.SegmentLockLease);
        if (!segmentLock.IsAcquired)
        {
            return (SegmentState.Busy, default);
        }

        var token = await db.StringIncrementAsync(keys.SegmentFenceCounter(request.SaleId, segment));
        var available = (long)await db.StringGetAsync(keys.StockSegment(request.SaleId, segment));
        if (available < request.Quantity)
        {
            return (SegmentState.Empty, default);
        }

        if (BeforeFencedWrite is { } pause)
        {
            await pause(request, segment);
        }

        var result = (RedisResult[])(await db.ScriptEvaluateAsync(FencedWriteScript,
        [
            keys.StockSegment(request.SaleId, segment),
            keys.SegmentFenceApplied(request.SaleId, segment),
            keys.Stock(request.SaleId),
            keys.UnitsPerUser(request.SaleId),
            keys.IdempotencyKeys(request.SaleId),
            keys.Reservations(request.SaleId),
            keys.ReservationIndex(request.OrderId),
        ],
        [
            token,
            available - request.Quantity,
            request.UserId,
            request.Quantity,
            request.PerUserLimit,
            idempotencyField,
            request.OrderId,
            request.SaleId,
            request.UnitPrice.ToString(CultureInfo.InvariantCulture),
            time.GetUtcNow().ToUnixTimeMilliseconds(),
            (long)SaleKeys.ReservationIndexTtl.TotalSeconds,
            available,
            ReservationTrace.Current(),
        ]))!;
        var orderId = long.Parse((string)result[1]!, CultureInfo.InvariantCulture);
        return (int)result[0] switch
        {
            0 => (SegmentState.Done, new ReservationResult(ReservationOutcome.Admitted, orderId)),
            2 => (SegmentState.Done, new ReservationResult(ReservationOutcome.Duplicate, orderId)),
            3 => (SegmentState.Done, new ReservationResult(ReservationOutcome.LimitReached, 0)),
            _ => (SegmentState.Stale, default),
        };
    }

    private enum SegmentState
    {
        Done,

        /// <summary>Another buyer holds the segment's lock.</summary>
        Busy,

        /// <summary>The segment has fewer units than asked for.</summary>
        Empty,

        /// <summary>Our fencing token was outdated (we lost the lock while paused) or the segment changed since our read: nothing written.</summary>
        Stale,
    }
}

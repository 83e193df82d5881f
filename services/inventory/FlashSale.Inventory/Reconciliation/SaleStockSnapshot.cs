using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.StockStrategies;
using FlashSale.ServiceDefaults.Caching;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace FlashSale.Inventory.Reconciliation;

/// <summary>
/// One sale's stock as both stores hold it. Redis's side is read in one atomic script (stock, segments,
/// stream length), PostgreSQL's side in one REPEATABLE READ snapshot, so purchases and commits running
/// meanwhile cannot make a consistent sale look drifted (only a release between the two reads can, for a moment).
/// </summary>
public sealed record SaleStockSnapshot(
    long SaleId,
    int InitialStock,
    int AvailableInDatabase,
    int SoldUnits,
    int ReleasedUnits,
    long? AvailableInCache,
    long? SegmentsTotal,
    long StreamLength,
    bool RelayCaughtUp,
    int OpenRows,
    int UnitsHeldByRows,
    int UnitsSoldByRows,
    int OrdersAwaitingCommit,
    int UnitsAwaitingCommit)
{
    /// <summary>
    /// Nothing in flight that Redis counts and PostgreSQL does not: every admitted reservation was handed
    /// to the order service (no un-relayed or unacknowledged stream entry) and has its PostgreSQL row
    /// (committed, sold or released). postgres-row-lock admits in PostgreSQL, so it is always quiet here;
    /// for every strategy the repair itself then runs under the sale's row lock, which purchases (row-lock),
    /// commits and releases hold while they change either store.
    /// </summary>
    public bool Quiet => RelayCaughtUp && OrdersAwaitingCommit == 0;

    public long ExpectedInCache => AvailableInDatabase - UnitsAwaitingCommit;

    public long Drift => (AvailableInCache ?? 0) - ExpectedInCache;

    /// <summary>redlock-segmented: the segments add up to the sale's total (true for the other strategies).</summary>
    public bool SegmentsAgree => SegmentsTotal is null || SegmentsTotal == AvailableInCache;

    /// <summary>PostgreSQL's counters match its own rows: held = initial − available − sold, sold = the Sold rows.</summary>
    public bool DatabaseAgrees => InitialStock - AvailableInDatabase - SoldUnits == UnitsHeldByRows && SoldUnits == UnitsSoldByRows;
}

public sealed class SaleStockReader(IConnectionMultiplexer redis, SaleKeys keys, IStockStrategy strategy)
{
    private static readonly string ReadScript = LuaScripts.Load<SaleStockReader>("read-stock");

    private const int Page = 1000;

    /// <summary>
    /// Per sale, the stream's first entries already seen with their PostgreSQL rows (the last such entry's id and how
    /// many): the stream is append-only and rows are never deleted, so a later run reads and checks only what came after.
    /// Without this every run re-read every reservation of every sale of the last day (a bench's sales: millions of ids a minute).
    /// </summary>
    private readonly ConcurrentDictionary<long, RecordedPrefix> _recorded = new();

    public async Task<SaleStockSnapshot?> ReadAsync(InventoryDbContext db, long saleId, CancellationToken ct)
    {
        var cache = redis.GetDatabase();
        var stream = keys.Reservations(saleId);
        var segments = strategy.Segments;
        var read = (RedisResult[])(await cache.ScriptEvaluateAsync(ReadScript, [keys.Stock(saleId), stream, .. segments.Keys(saleId)]))!;
        long? availableInCache = read[0].IsNull ? null : (long)read[0];
        var streamLength = (long)read[1];
        long? segmentsTotal = segments.Count == 0 ? null : (long)read[2];
        var prefix = await StillValidAsync(cache, stream, streamLength, _recorded.GetValueOrDefault(saleId));
        var admitted = await AdmittedOrdersAsync(cache, stream, prefix, streamLength - prefix.Entries);
        var caughtUp = await RelayCaughtUpAsync(cache, stream, streamLength);

        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var sale = await db.Sales.AsNoTracking().FirstOrDefaultAsync(s => s.Id == saleId, ct);
        if (sale is null)
        {
            return null;
        }

        var rows = await db.Reservations.Where(r => r.SaleId == saleId).GroupBy(r => r.Status)
            .Select(g => new { Status = g.Key, Orders = g.Count(), Units = g.Sum(r => r.Quantity) }).ToListAsync(ct);
        var (awaitingOrders, awaitingUnits) = (0, 0);
        var stillRecorded = true;
        foreach (var chunk in admitted.Chunk(Page))
        {
            var ids = chunk.Select(o => o.OrderId).ToArray();
            var recorded = (await db.Reservations.Where(r => ids.Contains(r.OrderId)).Select(r => r.OrderId).ToListAsync(ct)).ToHashSet();
            foreach (var order in chunk)
            {
                if (recorded.Contains(order.OrderId))
                {
                    if (stillRecorded)
                    {
                        prefix = new RecordedPrefix(order.EntryId, prefix.Entries + 1);
                    }

                    continue;
                }

                stillRecorded = false;
                awaitingOrders++;
                awaitingUnits += order.Quantity;
            }
        }

        await tx.CommitAsync(ct);
        _recorded[saleId] = prefix;
        int Units(params ReservationStatus[] statuses) => rows.Where(r => statuses.Contains(r.Status)).Sum(r => r.Units);
        return new SaleStockSnapshot(
            saleId, sale.InitialStock, sale.AvailableStock, sale.SoldUnits, sale.ReleasedUnits,
            availableInCache, segmentsTotal, streamLength, caughtUp,
            rows.Where(r => r.Status is ReservationStatus.Reserved or ReservationStatus.Committed).Sum(r => r.Orders),
            Units(ReservationStatus.Reserved, ReservationStatus.Committed), Units(ReservationStatus.Sold),
            awaitingOrders, awaitingUnits);
    }

    /// <summary>The prefix, if the stream still holds its last entry and is at least that long (a flushed sale's stream is not).</summary>
    private static async Task<RecordedPrefix> StillValidAsync(IDatabase cache, string stream, long length, RecordedPrefix? prefix)
    {
        if (prefix is null || prefix.Entries == 0 || prefix.Entries > length)
        {
            return RecordedPrefix.None;
        }

        var last = await cache.StreamRangeAsync(stream, prefix.LastEntryId, prefix.LastEntryId, 1);
        return last.Length == 1 ? prefix : RecordedPrefix.None;
    }

    /// <summary>The <paramref name="count"/> reservations of the sale's stream after <paramref name="prefix"/> (up to the length the atomic read counted).</summary>
    private static async Task<List<(string EntryId, long OrderId, int Quantity)>> AdmittedOrdersAsync(IDatabase cache, string stream, RecordedPrefix prefix, long count)
    {
        var orders = new List<(string, long, int)>();
        RedisValue from = prefix.Entries == 0 ? "-" : "(" + prefix.LastEntryId;
        while (orders.Count < count)
        {
            var entries = await cache.StreamRangeAsync(stream, from, "+", (int)Math.Min(Page, count - orders.Count));
            if (entries.Length == 0)
            {
                break;
            }

            orders.AddRange(entries.Select(e => (
                (string)e.Id!,
                long.Parse((string)e["orderId"]!, CultureInfo.InvariantCulture),
                int.Parse((string)e["quantity"]!, CultureInfo.InvariantCulture))));
            from = "(" + entries[^1].Id; // exclusive: the page after the last entry
        }

        return orders;
    }

    private static async Task<bool> RelayCaughtUpAsync(IDatabase cache, string stream, long length)
    {
        if (length == 0)
        {
            return true;
        }

        var group = (await cache.StreamGroupInfoAsync(stream)).FirstOrDefault(g => g.Name == ReservationRelay.ConsumerGroup);
        return group.Name is not null && group.PendingMessageCount == 0
            && group.LastDeliveredId == (await cache.StreamInfoAsync(stream)).LastGeneratedId;
    }

    private sealed record RecordedPrefix(string LastEntryId, long Entries)
    {
        public static readonly RecordedPrefix None = new("", 0);
    }
}

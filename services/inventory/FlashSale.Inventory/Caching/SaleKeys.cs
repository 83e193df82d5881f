using System.Globalization;
using FlashSale.BuildingBlocks.Sales;
using FlashSale.ServiceDefaults.Caching;
using Microsoft.Extensions.Options;

namespace FlashSale.Inventory.Caching;

/// <summary>
/// Every Redis key of the inventory service. A sale's keys share the hash tag {sale-id}, so one Lua
/// script may touch them all on a Redis Cluster too; different sales spread over the slots.
/// </summary>
public sealed class SaleKeys(IOptions<RedisOptions> options)
{
    /// <summary>How long the order-id index answers "is this a reservation of that user?" for the order service.</summary>
    public static readonly TimeSpan ReservationIndexTtl = TimeSpan.FromDays(2);

    private readonly string _prefix = options.Value.KeyPrefix;

    public string Prefix => _prefix;

    public string View(long saleId) => $"{_prefix}sale:{{{Id(saleId)}}}:view";

    /// <summary>The last good copy of the view: served while another caller rebuilds an expired one.</summary>
    public string LastGoodView(long saleId) => $"{_prefix}sale:{{{Id(saleId)}}}:view:last";

    public string Stock(long saleId) => SaleStockKeys.Stock(_prefix, saleId);

    /// <summary>One of the sale's stock segments (分段锁): the redlock-segmented strategy locks one at a time.</summary>
    public string StockSegment(long saleId, int segment) => $"{_prefix}sale:{{{Id(saleId)}}}:stock:{segment}";

    /// <summary>Counter handing out the segment's fencing tokens, one per lock acquisition.</summary>
    public string SegmentFenceCounter(long saleId, int segment) => $"{_prefix}sale:{{{Id(saleId)}}}:stock:{segment}:fence";

    /// <summary>The highest fencing token whose write the segment accepted.</summary>
    public string SegmentFenceApplied(long saleId, int segment) => $"{_prefix}sale:{{{Id(saleId)}}}:stock:{segment}:fenced";

    public static string SegmentLock(long saleId, int segment) => $"sale:{Id(saleId)}:stock:{segment}";

    /// <summary>Hash user id → units reserved in this sale (the per-user limit; the gateway reads it too).</summary>
    public string UnitsPerUser(long saleId) => SaleStockKeys.UnitsPerUser(_prefix, saleId);

    /// <summary>Hash (user, Idempotency-Key) → order id of the admitted purchase.</summary>
    public string IdempotencyKeys(long saleId) => $"{_prefix}sale:{{{Id(saleId)}}}:idempotency";

    /// <summary>Stream of admitted reservations: the durable record the relay hands to RabbitMQ.</summary>
    public string Reservations(long saleId) => $"{_prefix}sale:{{{Id(saleId)}}}:reservations";

    /// <summary>Set of the order ids whose units were given back to the live stock: a release counts once per order.</summary>
    public string ReleasedOrders(long saleId) => $"{_prefix}sale:{{{Id(saleId)}}}:released-orders";

    /// <summary>Set of the order ids taken out of a restored live stock at their commit (see <see cref="StockRestored"/>).</summary>
    public string RecountedOrders(long saleId) => $"{_prefix}sale:{{{Id(saleId)}}}:recounted-orders";

    /// <summary>
    /// Present after reconciliation rebuilt a flushed live stock from PostgreSQL: orders admitted before the
    /// flush (their <see cref="ReservationIndex"/> is gone too) and not committed then were counted as available.
    /// </summary>
    public string StockRestored(long saleId) => $"{_prefix}sale:{{{Id(saleId)}}}:stock:restored";

    /// <summary>
    /// Order id → "saleId|userId|quantity|unitPrice". Outside the sale's hash tag: on a Redis Cluster this one key
    /// would need the order id to carry the sale's slot. The project runs one Redis primary.
    /// </summary>
    public string ReservationIndex(long orderId) => $"{_prefix}reservation:{Id(orderId)}";

    /// <summary>A human-check challenge already spent on a purchase token (until the challenge expires).</summary>
    public string SpentHumanCheck(long saleId, string challenge) => $"{_prefix}sale:{{{Id(saleId)}}}:human-check:{challenge}";

    public string ViewRebuildLock(long saleId) => $"sale:{Id(saleId)}:view";

    public string SaleList => $"{_prefix}sales:list";
    public string LastGoodSaleList => $"{_prefix}sales:list:last";
    public const string SaleListRebuildLock = "sales:list";

    public string BloomFilter => $"{_prefix}{{bloom:sales}}";

    public string BloomFilterRebuild(Guid attempt) => $"{_prefix}{{bloom:sales}}:rebuild:{attempt:N}";

    /// <summary>The field of (user, Idempotency-Key) in <see cref="IdempotencyKeys"/>: length-prefixed, so no pair can be confused with another.</summary>
    public static string IdempotencyField(string userId, string key) =>
        string.Create(CultureInfo.InvariantCulture, $"{userId.Length}:{userId}|{key}");

    private static string Id(long saleId) => saleId.ToString(CultureInfo.InvariantCulture);
}

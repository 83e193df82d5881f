using System.Globalization;
using FlashSale.ServiceDefaults.Caching;
using Microsoft.Extensions.Options;

namespace FlashSale.Inventory.Caching;

/// <summary>
/// Every Redis key of the inventory service. A sale's keys share the hash tag {sale-id}, so one Lua
/// script may touch them all on a Redis Cluster too; different sales spread over the slots.
/// </summary>
public sealed class SaleKeys(IOptions<RedisOptions> options)
{
    private readonly string _prefix = options.Value.KeyPrefix;

    public string Prefix => _prefix;

    public string View(long saleId) => $"{_prefix}sale:{{{Id(saleId)}}}:view";

    /// <summary>The last good copy of the view: served while another caller rebuilds an expired one.</summary>
    public string LastGoodView(long saleId) => $"{_prefix}sale:{{{Id(saleId)}}}:view:last";

    public string Stock(long saleId) => $"{_prefix}sale:{{{Id(saleId)}}}:stock";

    public string ViewRebuildLock(long saleId) => $"sale:{Id(saleId)}:view";

    public string SaleList => $"{_prefix}sales:list";
    public string LastGoodSaleList => $"{_prefix}sales:list:last";
    public const string SaleListRebuildLock = "sales:list";

    public string BloomFilter => $"{_prefix}{{bloom:sales}}";

    public string BloomFilterRebuild(Guid attempt) => $"{_prefix}{{bloom:sales}}:rebuild:{attempt:N}";

    private static string Id(long saleId) => saleId.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace FlashSale.BuildingBlocks.Sales;

/// <summary>
/// The Redis keys of a sale's live stock, named once for inventory (which writes them) and the gateway (which
/// reads them to answer "sold out" itself). The sale id in braces is the hash tag: a sale's keys share a slot.
/// </summary>
public static class SaleStockKeys
{
    /// <summary>Units left to admit.</summary>
    public static string Stock(string prefix, long saleId) => $"{prefix}sale:{{{Id(saleId)}}}:stock";

    /// <summary>Hash user id → units reserved in the sale: every shopper it admitted.</summary>
    public static string UnitsPerUser(string prefix, long saleId) => $"{prefix}sale:{{{Id(saleId)}}}:units-per-user";

    private static string Id(long saleId) => saleId.ToString(CultureInfo.InvariantCulture);
}

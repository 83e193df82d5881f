using System.Text.Json;
using System.Text.Json.Serialization;
using FlashSale.Inventory.HumanCheck;

namespace FlashSale.Inventory.Caching;

[JsonConverter(typeof(JsonStringEnumConverter<SaleStatus>))]
public enum SaleStatus
{
    [JsonStringEnumMemberName("upcoming")] Upcoming,
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("soldOut")] SoldOut,
    [JsonStringEnumMemberName("ended")] Ended,
}

/// <summary>The immutable part of a sale, as cached in Redis.</summary>
public sealed record SaleView(
    long Id, string Sku, string Name, decimal Price, int InitialStock, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int PerUserLimit,
    HumanCheckKind HumanCheck = HumanCheckKind.None, int HumanCheckMaxNumber = 0)
{
    public static SaleView From(Data.Sale sale) =>
        new(sale.Id, sale.Sku, sale.Name, sale.Price, sale.InitialStock, sale.StartsAt, sale.EndsAt, sale.PerUserLimit, sale.HumanCheck, sale.HumanCheckMaxNumber);

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static SaleView FromJson(string json) =>
        JsonSerializer.Deserialize<SaleView>(json, JsonSerializerOptions.Web) ?? throw new JsonException("Empty sale view.");

    /// <summary>
    /// One rule for every caller: ended from endsAt on, upcoming before startsAt, sold out when the live
    /// stock is known to be 0, active otherwise.
    /// </summary>
    public SaleStatus StatusAt(DateTimeOffset now, long? availableStock) =>
        now >= EndsAt ? SaleStatus.Ended
        : now < StartsAt ? SaleStatus.Upcoming
        : availableStock is <= 0 ? SaleStatus.SoldOut
        : SaleStatus.Active;
}

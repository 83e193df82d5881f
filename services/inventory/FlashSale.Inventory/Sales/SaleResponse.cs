using System.Globalization;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.HumanCheck;

namespace FlashSale.Inventory.Sales;

/// <summary>GET /api/sales/{id} as the contract shows it.</summary>
public sealed record SaleResponse(
    string Id, string Sku, string Name, decimal Price, int InitialStock,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, int PerUserLimit, SaleStatus Status, HumanCheckKind HumanCheck, int? HumanCheckMaxNumber)
{
    public static SaleResponse From(SaleView view, SaleStatus status) => new(
        view.Id.ToString(CultureInfo.InvariantCulture), view.Sku, view.Name, view.Price, view.InitialStock,
        view.StartsAt, view.EndsAt, view.PerUserLimit, status, view.HumanCheck,
        view.HumanCheck == HumanCheckKind.None ? null : view.HumanCheckMaxNumber);
}

using System.Globalization;

namespace FlashSale.Order.Orders;

/// <summary>The order as the API contract shows it: ids as decimal strings, status in camelCase.</summary>
public sealed record OrderResponse(
    string Id,
    string SaleId,
    string UserId,
    int Quantity,
    decimal Amount,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PaymentDeadline,
    string? CancelReason)
{
    public static OrderResponse From(PurchaseOrder order) => new(
        order.Id.ToString(CultureInfo.InvariantCulture),
        order.SaleId.ToString(CultureInfo.InvariantCulture),
        order.UserId,
        order.Quantity,
        order.Amount,
        StatusName(order.Status),
        order.CreatedAt,
        order.PaymentDeadline,
        order.CancelReason);

    public static string StatusName(OrderStatus status) =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}

public sealed record OrderPage(IReadOnlyList<OrderResponse> Items, string? NextBefore);

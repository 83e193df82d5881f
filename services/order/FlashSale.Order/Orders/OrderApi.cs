using System.Globalization;
using FlashSale.BuildingBlocks.Ids;
using FlashSale.Order.Data;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Order.Orders;

public static class OrderApi
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapOrderApi(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization();
        orders.MapGet("/", ListMyOrders).WithName("ListMyOrders");
        orders.MapGet("/{id}", GetOrder).WithName("GetOrder");
        // The payment service's view of an order before it accepts a payment: the caller's token is
        // forwarded, so the same owner-only rule applies. Not routed by the gateway.
        app.MapGet("/internal/orders/{id}", GetOrder).WithTags("Internal").RequireAuthorization().WithName("GetOrderForService");
        return app;
    }

    /// <summary>The caller's orders, newest first; `before` is the last id of the previous page.</summary>
    public static async Task<Results<Ok<OrderPage>, ProblemHttpResult>> ListMyOrders(
        HttpContext http, OrderDbContext db, int? limit, string? before, CancellationToken ct)
    {
        var pageSize = limit ?? DefaultPageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            return ProblemTypes.Validation("limit", $"must be between 1 and {MaxPageSize}.");
        }

        long? beforeId = null;
        if (before is not null)
        {
            if (!TryParseId(before, out var parsed))
            {
                return ProblemTypes.Validation("before", "must be an order id (a positive decimal integer).");
            }

            beforeId = parsed;
        }

        var userId = http.User.UserId();
        var query = db.Orders.AsNoTracking().Where(o => o.UserId == userId);
        if (beforeId is { } b)
        {
            query = query.Where(o => o.Id < b);
        }

        var page = await query.OrderByDescending(o => o.Id).Take(pageSize).ToListAsync(ct);
        var next = page.Count == pageSize ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new OrderPage(page.Select(OrderResponse.From).ToList(), next));
    }

    /// <summary>
    /// Owner only: someone else's order answers 404, exactly like a missing one. An admitted purchase
    /// whose order is still on its way answers "pending" (never 404), from inventory's reservation.
    /// </summary>
    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetOrder(
        HttpContext http, OrderDbContext db, InventoryReservations reservations, string id, CancellationToken ct)
    {
        if (!TryParseId(id, out var orderId))
        {
            return ProblemTypes.Validation("id", "must be an order id (a positive decimal integer).");
        }

        var userId = http.User.UserId();
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.UserId == userId, ct);
        if (order is not null)
        {
            return TypedResults.Ok(OrderResponse.From(order));
        }

        var token = http.Request.Headers.Authorization.ToString()["Bearer ".Length..];
        var reservation = await reservations.FindAsync(orderId, token, ct);
        if (reservation is null)
        {
            return ProblemTypes.NotFound("order-not-found", $"You have no order {orderId}.");
        }

        return TypedResults.Ok(new OrderResponse(
            reservation.OrderId, reservation.SaleId, reservation.UserId, reservation.Quantity,
            decimal.Round(reservation.UnitPrice * reservation.Quantity, 2), OrderResponse.StatusName(OrderStatus.Pending),
            SnowflakeId.Decompose(orderId).CreatedAt, null, null));
    }

    private static bool TryParseId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}

using System.Globalization;
using FlashSale.Contracts.Purchases;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Data;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace FlashSale.Inventory.Reservations;

public static class ReservationLookupApi
{
    /// <summary>
    /// Internal (the gateway routes no /internal path): lets the order service answer "pending" for an
    /// order the shopper was promised but whose message is still on its way. Owner only, like orders.
    /// </summary>
    public static IEndpointRouteBuilder MapReservationLookupApi(this IEndpointRouteBuilder app)
    {
        // Left out of the public OpenAPI document: clients have no business with it (docs/api.md lists it as internal).
        app.MapGet("/internal/reservations/{orderId}", GetReservation).RequireAuthorization().WithName("GetReservation").ExcludeFromDescription();
        return app;
    }

    /// <summary>From Redis's order-id index (the Redis strategies), else from PostgreSQL (postgres-row-lock).</summary>
    public static async Task<Results<Ok<ReservationView>, ProblemHttpResult>> GetReservation(
        string orderId, HttpContext http, IConnectionMultiplexer redis, SaleKeys keys, InventoryDbContext db, CancellationToken ct)
    {
        if (!long.TryParse(orderId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return ProblemTypes.NotFound("reservation-not-found", $"There is no reservation '{orderId}'.");
        }

        var userId = http.User.UserId();
        var value = await redis.GetDatabase().StringGetAsync(keys.ReservationIndex(id));
        var parts = value.IsNull ? null : ((string)value!).Split('|');
        var reservation = parts is { Length: 4 }
            ? new ReservationView(orderId, parts[0], parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture), decimal.Parse(parts[3], CultureInfo.InvariantCulture))
            : await db.Reservations.AsNoTracking().Where(r => r.OrderId == id)
                .Select(r => new ReservationView(orderId, r.SaleId.ToString(CultureInfo.InvariantCulture), r.UserId, r.Quantity, r.UnitPrice))
                .FirstOrDefaultAsync(ct);
        return reservation is not null && reservation.UserId == userId
            ? TypedResults.Ok(reservation)
            : ProblemTypes.NotFound("reservation-not-found", $"You have no reservation {orderId}.");
    }
}

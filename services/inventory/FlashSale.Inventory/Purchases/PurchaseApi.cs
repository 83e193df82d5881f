using System.Globalization;
using FlashSale.BuildingBlocks.Ids;
using FlashSale.BuildingBlocks.Sales;
using FlashSale.Inventory.Metrics;
using FlashSale.Inventory.PurchaseTokens;
using FlashSale.Inventory.Sales;
using FlashSale.Inventory.StockStrategies;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.OpenApi;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FlashSale.Inventory.Purchases;

public static class PurchaseApi
{
    public const int MaxIdempotencyKeyLength = PurchaseRules.MaxIdempotencyKeyLength;

    public static IEndpointRouteBuilder MapPurchaseApi(this IEndpointRouteBuilder app)
    {
        // Created now, not at the first purchase: its stock gauge shows from the start.
        var metrics = app.ServiceProvider.GetRequiredService<PurchaseMetrics>();
        app.MapPost("/api/sales/{id}/purchases", UnknownAddress).WithTags("Purchases").RequireAuthorization().WithName("PurchaseWithoutAddress")
            .ProducesProblems("purchase-address-unknown");
        app.MapPost("/api/sales/{id}/purchases/{address}", Purchase).WithTags("Purchases").RequireAuthorization().WithName("Purchase")
            .ProducesProblems("purchase-address-unknown", "validation", "invalid-token", "limit-reached", "sale-not-started", "sale-ended", "sale-not-found", "sold-out", "busy",
                "rate-limited", "unavailable")
            .WithRequestExample(new PurchaseRequest("254309283691237376.1764792000000.k1mD3Xq0sB9vZ2c", 1),
                ("id", "254309283691237376"), ("address", "q7Vh2mXbR0cK9sLw1ePz4A"), ("Idempotency-Key", "5f0e3c1a-8d2b-4f7e-9a61-2c4b7d9e0f13"))
            // Every answer counted by kind (flashsale.purchases{answer}), whichever check gave it.
            .AddEndpointFilter(async (context, next) =>
            {
                var result = await next(context);
                metrics.Answered(result);
                return result;
            });
        return app;
    }

    /// <summary>
    /// The hot path. Cheap checks first (input, the sale's window from the in-process view, the token's
    /// HMAC), then exactly one atomic reservation step. 202 means the units are held and the order will
    /// be created; the same Idempotency-Key from the same user always gets the same order id.
    /// </summary>
    public static async Task<Results<Accepted<PurchaseAccepted>, ProblemHttpResult>> Purchase(
        string id,
        string address,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        PurchaseRequest? request,
        HttpContext http,
        SaleCatalog catalog,
        PurchaseTokenService tokens,
        PurchaseAddress addresses,
        IStockStrategy reservations,
        SoldOutFlags soldOut,
        ReservationRelay relay,
        IIdGenerator ids,
        TimeProvider time,
        CancellationToken ct)
    {
        if (!SaleIds.TryParse(id, out var saleId))
        {
            return SaleProblems.NotFound(id);
        }

        if (!addresses.Matches(saleId, address))
        {
            return UnknownAddress(id);
        }

        if (!PurchaseRules.IsValidIdempotencyKey(idempotencyKey))
        {
            return ProblemTypes.Validation("Idempotency-Key", $"header is required: a client-chosen unique string of at most {MaxIdempotencyKeyLength} characters.");
        }

        // After sell-out this answers nearly everyone, before the body, any lookup, HMAC or Redis call: the same rule
        // as the gateway's answer from memory (gateway/FlashSale.Gateway/SoldOut/SoldOutAnswers.cs).
        var userId = http.User.UserId();
        if (soldOut.RejectsWithoutRedis(saleId, userId))
        {
            return ProblemTypes.SoldOut(id);
        }

        if (request?.Quantity is not { } quantity || quantity < 1)
        {
            return ProblemTypes.Validation("quantity", "must be a whole number of at least 1.");
        }

        if (string.IsNullOrEmpty(request.Token))
        {
            return InvalidToken("A purchase needs the token from POST /api/sales/{id}/purchase-token.");
        }

        var lookup = await catalog.FindAsync(saleId, ct, withStock: false);
        if ((SaleProblems.ForLookup(lookup, id, http) ?? SaleProblems.OutsideWindow(lookup.View!, time.GetUtcNow(), id)) is { } problem)
        {
            return problem;
        }

        var sale = lookup.View!;
        var check = tokens.Validate(request.Token, userId, saleId);
        if (check != TokenCheck.Valid)
        {
            return InvalidToken(check switch
            {
                TokenCheck.Expired => "The purchase token has expired: get a new one.",
                TokenCheck.OtherSale => "The purchase token is for another sale.",
                _ => "The purchase token is not valid for you and this sale.",
            });
        }

        if (quantity > sale.PerUserLimit)
        {
            return LimitReached($"At most {sale.PerUserLimit} unit(s) per shopper in this sale.");
        }

        var result = await reservations.ReserveAsync(new ReservationRequest(
            saleId, userId, quantity, sale.PerUserLimit, sale.Price, idempotencyKey, ids.NextId()));
        switch (result.Outcome)
        {
            case ReservationOutcome.Admitted or ReservationOutcome.Duplicate:
                relay.Wake(saleId);
                var orderId = result.OrderId.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Accepted($"/api/orders/{orderId}", new PurchaseAccepted(orderId, "pending"));
            case ReservationOutcome.SoldOut:
                await soldOut.RaiseAsync(saleId);
                return ProblemTypes.SoldOut(id);
            case ReservationOutcome.LimitReached:
                return LimitReached($"You already hold the most units of sale {id} a shopper may buy ({sale.PerUserLimit}).");
            default:
                return SaleProblems.Busy(http);
        }
    }

    /// <summary>Without the segment handed out with the purchase token, or with a wrong one: nothing to script early.</summary>
    public static ProblemHttpResult UnknownAddress(string id) =>
        ProblemTypes.NotFound("purchase-address-unknown",
            $"Sale {id} is bought at the purchaseUrl returned with its purchase token (POST /api/sales/{id}/purchase-token, from the start on).");

    private static ProblemHttpResult InvalidToken(string detail) =>
        ProblemTypes.Problem(StatusCodes.Status403Forbidden, "invalid-token", "Invalid purchase token.", detail);

    private static ProblemHttpResult LimitReached(string detail) =>
        ProblemTypes.Problem(StatusCodes.Status403Forbidden, "limit-reached", "Per-shopper limit reached.", detail);
}

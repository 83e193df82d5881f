using FlashSale.Inventory.Metrics;
using FlashSale.Inventory.Sales;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Inventory.PurchaseTokens;

public static class PurchaseTokenApi
{
    public static IEndpointRouteBuilder MapPurchaseTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sales/{id}/purchase-token", IssueToken).WithTags("Purchases").RequireAuthorization().WithName("IssuePurchaseToken")
            .ProducesProblems("sale-not-started", "sale-ended", "sale-not-found", "busy", "rate-limited", "unavailable");
        return app;
    }

    /// <summary>Only from the start instant on (403 before), never after the end (410).</summary>
    public static async Task<Results<Ok<PurchaseToken>, ProblemHttpResult>> IssueToken(
        string id, HttpContext http, SaleCatalog catalog, PurchaseTokenService tokens, TimeProvider time, InventoryMetrics metrics, CancellationToken ct)
    {
        if (!SaleIds.TryParse(id, out var saleId))
        {
            return SaleProblems.NotFound(id);
        }

        var lookup = await catalog.FindAsync(saleId, ct, withStock: false);
        if ((SaleProblems.ForLookup(lookup, id, http) ?? SaleProblems.OutsideWindow(lookup.View!, time.GetUtcNow(), id)) is { } problem)
        {
            return problem;
        }

        var sale = lookup.View!;
        metrics.TokenIssued();
        return TypedResults.Ok(tokens.Issue(http.User.UserId(), saleId, sale.EndsAt));
    }
}

using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Metrics;
using FlashSale.Inventory.Sales;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Inventory.PurchaseTokens;

public static class PurchaseTokenApi
{
    public static IEndpointRouteBuilder MapPurchaseTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sales/{id}/purchase-token", IssueToken).WithTags("Purchases").RequireAuthorization().WithName("IssuePurchaseToken");
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

        var lookup = await catalog.FindAsync(saleId, ct);
        switch (lookup.Outcome)
        {
            case CacheLookupOutcome.NotFound:
                return SaleProblems.NotFound(id);
            case CacheLookupOutcome.Unavailable:
                return SaleProblems.Busy(http);
        }

        var sale = lookup.View!;
        var now = time.GetUtcNow();
        if (now < sale.StartsAt)
        {
            return ProblemTypes.Problem(StatusCodes.Status403Forbidden, "sale-not-started", "The sale has not started.",
                $"Sale {id} starts at {sale.StartsAt:O}; purchase tokens are issued from then on.");
        }

        if (now >= sale.EndsAt)
        {
            return ProblemTypes.Problem(StatusCodes.Status410Gone, "sale-ended", "The sale has ended.", $"Sale {id} ended at {sale.EndsAt:O}.");
        }

        metrics.TokenIssued();
        return TypedResults.Ok(tokens.Issue(http.User.UserId(), saleId, sale.EndsAt));
    }
}

using FlashSale.Inventory.HumanCheck;
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
            .ProducesProblems("human-check-required", "human-check-failed", "sale-not-started", "sale-ended", "sale-not-found", "busy", "rate-limited", "unavailable");
        return app;
    }

    /// <summary>
    /// Only from the start instant on (403 before), never after the end (410); where the sale has a human check, only
    /// for a solved challenge, spent here once (checked after the window, so an early click does not burn it).
    /// </summary>
    public static async Task<Results<Ok<PurchaseToken>, ProblemHttpResult>> IssueToken(
        string id, IssueTokenRequest? request, HttpContext http, SaleCatalog catalog, PurchaseTokenService tokens, ProofOfWorkChallenges challenges,
        SpentSolutions spent, TimeProvider time, InventoryMetrics metrics, CancellationToken ct)
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
        var userId = http.User.UserId();
        if (sale.HumanCheck == HumanCheckKind.ProofOfWork)
        {
            if (string.IsNullOrEmpty(request?.HumanCheck))
            {
                metrics.HumanCheckAnswered("required");
                return HumanCheckProblems.Required(id);
            }

            var check = challenges.Check(request.HumanCheck, userId, saleId, out var solution);
            if (check != SolutionCheck.Valid || !await spent.TrySpendAsync(saleId, solution!))
            {
                metrics.HumanCheckAnswered(check == SolutionCheck.Valid ? "replayed" : "failed");
                return HumanCheckProblems.Failed(check);
            }

            metrics.HumanCheckAnswered("passed");
        }

        metrics.TokenIssued();
        return TypedResults.Ok(tokens.Issue(userId, saleId, sale.EndsAt));
    }
}

/// <summary>POST /api/sales/{id}/purchase-token body: optional, needed only where the sale has a human check.</summary>
public sealed record IssueTokenRequest(string? HumanCheck);

using FlashSale.Inventory.Sales;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Inventory.HumanCheck;

public static class ChallengeApi
{
    public static IEndpointRouteBuilder MapChallengeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sales/{id}/challenge", GetChallenge).WithTags("Purchases").RequireAuthorization().WithName("GetHumanCheckChallenge")
            .ProducesProblems("human-check-not-required", "sale-ended", "sale-not-found", "busy", "rate-limited", "unavailable");
        return app;
    }

    /// <summary>
    /// Open before the start on purpose: a shopper solves while waiting, so the work never lands on the opening
    /// second. Never cached: each challenge is new and bound to its shopper.
    /// </summary>
    public static async Task<Results<Ok<ProofOfWorkChallenge>, ProblemHttpResult>> GetChallenge(
        string id, HttpContext http, SaleCatalog catalog, ProofOfWorkChallenges challenges, TimeProvider time, CancellationToken ct)
    {
        if (!SaleIds.TryParse(id, out var saleId))
        {
            return SaleProblems.NotFound(id);
        }

        var lookup = await catalog.FindAsync(saleId, ct, withStock: false);
        if (SaleProblems.ForLookup(lookup, id, http) is { } problem)
        {
            return problem;
        }

        var sale = lookup.View!;
        var now = time.GetUtcNow();
        if (now >= sale.EndsAt)
        {
            return SaleProblems.OutsideWindow(sale, now, id)!;
        }

        if (sale.HumanCheck == HumanCheckKind.None)
        {
            return HumanCheckProblems.NotRequired(id);
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(challenges.Create(http.User.UserId(), saleId, sale.HumanCheckMaxNumber, sale.StartsAt, sale.EndsAt));
    }
}

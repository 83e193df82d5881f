using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Inventory.HumanCheck;

/// <summary>The human check's answers (docs/api.md type suffixes).</summary>
public static class HumanCheckProblems
{
    public static ProblemHttpResult Required(string saleId) =>
        ProblemTypes.Problem(StatusCodes.Status400BadRequest, "human-check-required", "A human check is required.",
            $"Sale {saleId} asks for a solved proof of work: GET /api/sales/{saleId}/challenge, find its number, and send " +
            "{ \"humanCheck\": \"<base64 solution>\" } with the purchase-token request.");

    public static ProblemHttpResult Failed(SolutionCheck check) =>
        ProblemTypes.Problem(StatusCodes.Status403Forbidden, "human-check-failed", "The human check failed.", check switch
        {
            SolutionCheck.Malformed => "The solution is not base64 JSON with algorithm SHA-256, challenge, number, salt and signature.",
            SolutionCheck.NotIssuedHere => "The challenge was not issued by this service.",
            SolutionCheck.WrongNumber => "The number does not solve the challenge.",
            SolutionCheck.OtherSale => "The challenge was issued for another sale.",
            SolutionCheck.OtherUser => "The challenge was issued to another shopper.",
            SolutionCheck.Expired => "The challenge has expired: get a new one.",
            _ => "The solution was already spent on a purchase token: get a new challenge.",
        });

    public static ProblemHttpResult NotRequired(string saleId) =>
        ProblemTypes.Problem(StatusCodes.Status409Conflict, "human-check-not-required", "This sale has no human check.",
            $"Sale {saleId} hands out purchase tokens without a challenge.");
}

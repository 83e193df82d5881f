using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.OpenApi;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Inventory.Reconciliation;

public static class ReconciliationApi
{
    public static IEndpointRouteBuilder MapReconciliationApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/reconciliation").WithTags("Operations").RequireAdmin();
        admin.MapPost("/", Run).WithName("RunReconciliation").ProducesProblems("busy", "unavailable");
        admin.MapGet("/", Latest).WithName("GetLatestReconciliation").ProducesProblems("reconciliation-not-found", "unavailable");
        return app;
    }

    /// <summary>Runs a reconciliation now (after the run of another replica, if one is under way) and returns its report.</summary>
    public static async Task<Results<Ok<ReconciliationReport>, ProblemHttpResult>> Run(ReconciliationRunner runner, HttpContext http, CancellationToken ct)
    {
        if (await runner.RunAsync(waitForLock: true, ct) is { } report)
        {
            return TypedResults.Ok(report);
        }

        http.Response.Headers.RetryAfter = "5";
        return ProblemTypes.Problem(StatusCodes.Status503ServiceUnavailable, "busy", "Try again.",
            "Another reconciliation is still running; retry in a moment or read its report with GET.");
    }

    public static async Task<Results<Ok<ReconciliationReport>, ProblemHttpResult>> Latest(ReconciliationRunner runner, CancellationToken ct) =>
        await runner.LatestAsync(ct) is { } report
            ? TypedResults.Ok(report)
            : ProblemTypes.NotFound("reconciliation-not-found", "No reconciliation has run yet: POST /api/admin/reconciliation runs one now.");
}

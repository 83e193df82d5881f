using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.ServiceDefaults.Problems;

/// <summary>
/// RFC 7807 problem details with the stable `type` suffixes of the API contract (docs/api.md),
/// e.g. https://flashsale.dev/problems/sold-out.
/// </summary>
public static class ProblemTypes
{
    public const string BaseUri = "https://flashsale.dev/problems/";

    public static string Uri(string suffix) => BaseUri + suffix;

    public static ProblemHttpResult Problem(int status, string suffix, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: Uri(suffix));

    public static ProblemHttpResult Validation(string field, string message) =>
        TypedResults.Problem(
            detail: $"{field}: {message}",
            statusCode: StatusCodes.Status400BadRequest,
            title: "The request is not valid.",
            type: Uri("validation"),
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    /// <summary>A purchase of a sold-out sale: one wording whether inventory or the gateway (from memory) answers it.</summary>
    public static ProblemHttpResult SoldOut(string saleId) =>
        Problem(StatusCodes.Status409Conflict, "sold-out", "Sold out.", $"Sale {saleId} has no units left for this purchase.");

    public static ProblemHttpResult NotFound(string suffix, string detail) =>
        Problem(StatusCodes.Status404NotFound, suffix, "Not found.", detail);
}

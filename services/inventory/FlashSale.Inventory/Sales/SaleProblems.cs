using System.Globalization;
using FlashSale.Inventory.Caching;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Inventory.Sales;

public static class SaleIds
{
    /// <summary>
    /// A sale id in its one canonical spelling: digits only, no sign, spaces or leading zeros ("007" is no sale), so
    /// one sale has one URL, one cache entry and one rate-limit bucket.
    /// </summary>
    public static bool TryParse(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0 && text[0] != '0';
}

/// <summary>The problems every sale endpoint answers alike (docs/api.md type suffixes).</summary>
public static class SaleProblems
{
    public static ProblemHttpResult NotFound(string id) => ProblemTypes.NotFound("sale-not-found", $"There is no sale '{id}'.");

    public static ProblemHttpResult Busy(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return ProblemTypes.Problem(StatusCodes.Status503ServiceUnavailable, "busy", "Try again.",
            "The sale is being loaded by another request; retry in a moment.");
    }

    /// <summary>404 or 503 for a lookup that found no sale; null when it did.</summary>
    public static ProblemHttpResult? ForLookup(SaleLookup lookup, string id, HttpContext http) => lookup.Outcome switch
    {
        CacheLookupOutcome.NotFound => NotFound(id),
        CacheLookupOutcome.Unavailable => Busy(http),
        _ => null,
    };

    /// <summary>403 [sale-not-started] before the start instant, 410 [sale-ended] from the end instant, null in between.</summary>
    public static ProblemHttpResult? OutsideWindow(SaleView sale, DateTimeOffset now, string id) =>
        now < sale.StartsAt
            ? ProblemTypes.Problem(StatusCodes.Status403Forbidden, "sale-not-started", "The sale has not started.",
                $"Sale {id} starts at {sale.StartsAt:O}.")
            : now >= sale.EndsAt
                ? ProblemTypes.Problem(StatusCodes.Status410Gone, "sale-ended", "The sale has ended.", $"Sale {id} ended at {sale.EndsAt:O}.")
                : null;
}

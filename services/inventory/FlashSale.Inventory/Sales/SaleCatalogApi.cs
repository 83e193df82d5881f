using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using FlashSale.Inventory.Caching;
using FlashSale.ServiceDefaults.OpenApi;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FlashSale.Inventory.Sales;

/// <summary>The anonymous, CDN-cacheable sale views: GET /api/sales and GET /api/sales/{id}.</summary>
public static class SaleCatalogApi
{
    public static IEndpointRouteBuilder MapSaleCatalogApi(this IEndpointRouteBuilder app)
    {
        var sales = app.MapGroup("/api/sales").WithTags("Sales").AllowAnonymous();
        sales.MapGet("/", ListSales).WithName("ListSales").Produces<List<SaleResponse>>().ProducesProblems("busy", "unavailable");
        sales.MapGet("/{id}", GetSale).WithName("GetSale").Produces<SaleResponse>().ProducesProblems("sale-not-found", "busy", "unavailable");
        return app;
    }

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetSale(
        string id, SaleCatalog catalog, HttpContext http, TimeProvider time, IOptions<CacheOptions> options, CancellationToken ct)
    {
        if (!SaleIds.TryParse(id, out var saleId))
        {
            return SaleProblems.NotFound(id);
        }

        var lookup = await catalog.FindAsync(saleId, ct);
        if (SaleProblems.ForLookup(lookup, id, http) is { } problem)
        {
            return problem;
        }

        var now = time.GetUtcNow();
        var response = SaleResponse.From(lookup.View!, lookup.View!.StatusAt(now, lookup.AvailableInCache));
        return Conditional(http, response, options.Value, SecondsUntilNextChange(lookup.View!, now));
    }

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult>> ListSales(
        SaleCatalog catalog, HttpContext http, TimeProvider time, IOptions<CacheOptions> options, CancellationToken ct)
    {
        var sales = await catalog.ListAsync(ct);
        if (sales is null)
        {
            return SaleProblems.Busy(http);
        }

        var now = time.GetUtcNow();
        var response = sales.Select(s => SaleResponse.From(s.View, s.View.StatusAt(now, s.AvailableInCache))).ToList();
        return Conditional(http, response, options.Value, sales.Count == 0 ? long.MaxValue : sales.Min(s => SecondsUntilNextChange(s.View, now)));
    }

    /// <summary>Whole seconds until the status changes by the clock (the start, then the end).</summary>
    private static long SecondsUntilNextChange(SaleView sale, DateTimeOffset now) =>
        Math.Max(0, (long)((now < sale.StartsAt ? sale.StartsAt : sale.EndsAt) - now).TotalSeconds);

    /// <summary>
    /// The body as JSON with ETag and Cache-Control, or 304 when If-None-Match already names this version.
    /// The ETag hashes the exact body (serialised once), so it changes with the status, e.g. at sell-out.
    /// Neither max-age nor stale-while-revalidate reaches past the next start or end: a browser or CDN never
    /// shows "upcoming" once the sale is open.
    /// </summary>
    private static Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult> Conditional<T>(
        HttpContext http, T body, CacheOptions options, long secondsUntilChange)
    {
        var maxAge = Math.Min(options.ClientMaxAgeSeconds, secondsUntilChange);
        var stale = Math.Min(options.ClientMaxAgeSeconds, secondsUntilChange - maxAge);
        var json = JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web);
        var hash = SHA256.HashData(json);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(hash.AsSpan(0, 12))}\"");
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.CacheControl = new CacheControlHeaderValue
        {
            Public = true,
            MaxAge = TimeSpan.FromSeconds(maxAge),
            Extensions = { new NameValueHeaderValue("stale-while-revalidate", stale.ToString(CultureInfo.InvariantCulture)) },
        };
        var notModified = http.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Compare(etag, useStrongComparison: false) || tag.Equals(EntityTagHeaderValue.Any));
        return notModified ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Bytes(json, "application/json; charset=utf-8");
    }
}

using FlashSale.Gateway.DevTokens;
using Microsoft.Extensions.Options;

namespace FlashSale.Gateway.Storefront;

/// <summary>
/// The storefront (<c>/</c>) and the sale monitor (<c>/monitor/</c>): static pages under wwwroot that call the same
/// API as any other client, through this gateway. Served before authentication (they are public; the API calls
/// they make carry the shopper's token) and cacheable by a CDN for a short while: what changes at a sale's start
/// comes from the API (<c>GET /api/time</c>, the sale views), never from these files.
/// </summary>
public static class StorefrontExtensions
{
    /// <summary>What a CDN or browser may keep: a minute fresh, then served stale for up to ten while it revalidates.</summary>
    public const string CacheControl = "public, max-age=60, stale-while-revalidate=600";

    /// <summary>Scripts, styles and calls from this origin only; nothing inline, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static void UseStorefront(this WebApplication app)
    {
        // "/" serves index.html and "/monitor" redirects to "/monitor/", which serves monitor/index.html.
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = file => AddHeaders(file.Context.Response.Headers) });
    }

    /// <summary>What the storefront needs to know of this gateway: whether the development sign-in box is shown.</summary>
    public static void MapStorefrontSettings(this WebApplication app)
    {
        var devSignIn = app.Services.GetRequiredService<IOptions<DevTokenOptions>>().Value.Enabled;
        app.MapGet("/storefront/settings", (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = CacheControl;
                return TypedResults.Ok(new StorefrontSettings(devSignIn));
            })
            .ExcludeFromDescription().AllowAnonymous();
    }

    private static void AddHeaders(IHeaderDictionary headers)
    {
        headers.CacheControl = CacheControl;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }
}

/// <summary>The storefront's settings: <paramref name="DevSignIn"/> shows the user-id box that asks the development issuer for a token.</summary>
public sealed record StorefrontSettings(bool DevSignIn);

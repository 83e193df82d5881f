using FlashSale.Gateway.Routing;
using FlashSale.ServiceDefaults.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlashSale.Gateway.Health;

/// <summary>
/// The gateway is ready only when a replica of the service behind it answers its own /health/ready with 200
/// (all replicas are asked at once; the description names each one's state).
/// </summary>
internal sealed class DownstreamReadinessCheck(IHttpClientFactory clients, IReadOnlyList<Uri> replicas) : IHealthCheck
{
    public const string ClientName = "downstream-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var states = await Task.WhenAll(replicas.Select(address => ReadinessAsync(address, cancellationToken)));
        var description = string.Join("; ", states.Select(s => s.Description));
        return states.Any(s => s.Ready) ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description);
    }

    private async Task<(bool Ready, string Description)> ReadinessAsync(Uri address, CancellationToken ct)
    {
        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(new Uri(address, "/health/ready"), ct);
            return response.IsSuccessStatusCode
                ? (true, $"{address} is ready")
                : (false, $"{address}/health/ready answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (false, $"{address} did not answer: {e.Message}");
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
        foreach (var (name, replicas) in DownstreamServices.Addresses(builder.Configuration))
        {
            checks.Add(new HealthCheckRegistration(
                name,
                sp => new DownstreamReadinessCheck(sp.GetRequiredService<IHttpClientFactory>(), replicas),
                HealthStatus.Unhealthy,
                [HealthExtensions.ReadyTag],
                TimeSpan.FromSeconds(4)));
        }

        return builder;
    }
}

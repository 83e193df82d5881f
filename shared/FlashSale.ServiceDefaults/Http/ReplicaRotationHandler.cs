using FlashSale.BuildingBlocks.Addresses;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.ServiceDefaults.Http;

/// <summary>
/// Service-to-service calls over every replica of the callee: each attempt goes to the next replica in turn. It sits
/// inside the standard resilience handler, so a retry after a dead replica's refused connection lands on another.
/// </summary>
public sealed class ReplicaRotationHandler(IReadOnlyList<Uri> replicas) : DelegatingHandler
{
    private int _next = -1;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var replica = replicas[(int)((uint)Interlocked.Increment(ref _next) % (uint)replicas.Count)];
        request.RequestUri = new Uri(replica, request.RequestUri?.PathAndQuery);
        return base.SendAsync(request, cancellationToken);
    }
}

public static class ReplicaRotationExtensions
{
    /// <summary>
    /// Points a typed client at a service named by one setting (<paramref name="settingName"/>, e.g. Services:inventory):
    /// one base address per replica, separated by ';'.
    /// </summary>
    public static IHttpClientBuilder AddServiceReplicas(this IHttpClientBuilder client, string? setting, string settingName)
    {
        var replicas = ReplicaAddresses.Parse(
            setting ?? throw new InvalidOperationException($"{settingName} (the service's base address) is not configured."), settingName);
        client.ConfigureHttpClient(c => c.BaseAddress = replicas[0]);
        return client.AddHttpMessageHandler(() => new ReplicaRotationHandler(replicas));
    }
}

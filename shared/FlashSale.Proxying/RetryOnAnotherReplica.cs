using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace FlashSale.Proxying;

/// <summary>
/// Sends a request to another replica when the chosen one could not take it. Any request whose connection
/// could not be opened is safe to send again (the replica never saw it); a GET or HEAD is also sent
/// again after any failure before the answer's headers. Nothing is retried once the answer has started.
/// </summary>
public static class RetryOnAnotherReplica
{
    /// <summary>Add before load balancing, so each attempt picks among the replicas not tried yet.</summary>
    public static IReverseProxyApplicationBuilder UseRetryOnAnotherReplica(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            var feature = context.GetReverseProxyFeature();
            var candidates = feature.AvailableDestinations;
            while (true)
            {
                await next();
                if (!ShouldRetry(context, feature, out var failed))
                {
                    return;
                }

                candidates = [.. candidates.Where(d => d != failed)];
                if (candidates.Count == 0)
                {
                    return;
                }

                feature.AvailableDestinations = candidates;
                context.Features.Set<IForwarderErrorFeature>(null);
                context.Response.Clear();
            }
        });
        return proxy;
    }

    private static bool ShouldRetry(HttpContext context, IReverseProxyFeature feature, out DestinationState? failed)
    {
        failed = feature.ProxiedDestination;
        var error = context.GetForwarderErrorFeature();
        if (error is null || failed is null || context.Response.HasStarted)
        {
            return false;
        }

        var idempotent = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        return error.Error switch
        {
            ForwarderError.Request => idempotent || NeverSent(error.Exception),
            ForwarderError.RequestTimedOut => idempotent,
            _ => false,
        };
    }

    private static bool NeverSent(Exception? exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }
        || exception?.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };
}

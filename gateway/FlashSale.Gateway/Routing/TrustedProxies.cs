using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace FlashSale.Gateway.Routing;

/// <summary>
/// Behind the edge (or a cloud load balancer) every connection comes from the proxy, so the per-client-IP limits
/// would see one client. The gateway takes the client's address from X-Forwarded-For, but only from the proxies
/// named in Gateway:TrustedProxies (env Gateway__TrustedProxies, ';'-separated addresses): from anyone else the
/// header is ignored, or a client could name a fresh address per request. None configured: the header is never read.
/// </summary>
internal static class TrustedProxies
{
    public const string Setting = "Gateway:TrustedProxies";

    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        var proxies = (builder.Configuration[Setting] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(address => IPAddress.TryParse(address, out var ip)
                ? ip
                : throw new InvalidOperationException($"{Setting}: '{address}' is not an IP address."))
            .ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = proxies.Count > 0 ? ForwardedHeaders.XForwardedFor : ForwardedHeaders.None;
            o.ForwardLimit = 1;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }
        });
        return builder;
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FlashSale.ServiceDefaults.Authentication;

namespace FlashSale.Gateway.RateLimiting;

/// <summary>
/// Who asks for what: the counters a request is limited by. The three parts are the three chained limits; requests
/// with the same key count against the same counters.
/// </summary>
public readonly record struct LimitKey(string UserId, string ClientIp, string SaleId)
{
    /// <summary>Requests without a value share one partition per part, so a missing value never bypasses a limit.</summary>
    public const string Unknown = "unknown";

    public static LimitKey For(HttpContext http) => new(
        http.User.FindFirst(AuthenticationExtensions.SubjectClaim)?.Value ?? Unknown,
        ClientPartition(http.Connection.RemoteIpAddress),
        SalePartition(http.Request.RouteValues["id"] as string));

    /// <summary>One bucket per sale however its id is spelled ("007" counts as sale 7; inventory answers 404 for it anyway).</summary>
    public static string SalePartition(string? id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var sale) ? sale.ToString(CultureInfo.InvariantCulture) : id ?? Unknown;

    /// <summary>
    /// The client as the TCP connection shows it. Behind a load balancer or CDN that is the proxy's address,
    /// so every shopper would share one partition: there, configure ForwardedHeaders with the trusted
    /// proxies (KnownProxies/KnownNetworks) so RemoteIpAddress is the client again. Never trust
    /// X-Forwarded-For from anyone else: a client could name a fresh address per request.
    /// </summary>
    public static string ClientPartition(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        // One IPv6 subscriber usually gets a whole /64: limiting single addresses would let one client rotate freely.
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}

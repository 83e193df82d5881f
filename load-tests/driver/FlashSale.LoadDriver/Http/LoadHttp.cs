using System.Net;
using System.Net.Sockets;

namespace FlashSale.LoadDriver.Http;

/// <summary>
/// HTTP/1.1 clients built for load: pooled keep-alive connections that are never recycled mid-run, no
/// cookies, proxy, redirects or decompression, Nagle off. A client may bind its connections to one
/// loopback source address, so the gateway sees distinct client IPs (Linux routes all of 127.0.0.0/8
/// to the loopback interface).
/// </summary>
public static class LoadHttp
{
    public static HttpMessageInvoker Create(int maxConnections, IPAddress? sourceAddress = null) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, sourceAddress, ct),
        }, disposeHandler: true);

    /// <summary>
    /// One client per source address 127.0.0.1, 127.0.0.2, ... (count of them), each with up to
    /// maxConnections connections. With count 1 the operating system picks the source address.
    /// </summary>
    public static HttpMessageInvoker[] CreateMany(int count, int maxConnections, Uri target)
    {
        if (count == 1)
        {
            return [Create(maxConnections)];
        }

        if (!IPAddress.TryParse(target.Host, out var host) || !IPAddress.IsLoopback(host) || host.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new Cli.UsageException($"several client addresses need an IPv4 loopback target (like http://127.0.0.1:8080), not {target}: use --client-addresses 1");
        }

        return Enumerable.Range(1, count).Select(i => Create(maxConnections, ClientAddress(i))).ToArray();
    }

    /// <summary>The i-th loopback source address (1-based): 127.0.0.1, ..., 127.0.0.254, 127.0.1.1, ...</summary>
    public static IPAddress ClientAddress(int i)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(i, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(i, 254 * 254);
        return new IPAddress([127, 0, (byte)((i - 1) / 254), (byte)((i - 1) % 254 + 1)]);
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, IPAddress? source, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endPoint.Host, ct);
        var target = addresses.FirstOrDefault(a => source is null || a.AddressFamily == source.AddressFamily)
            ?? throw new HttpRequestException($"{endPoint.Host} has no address of the family of {source}");
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (source is not null)
            {
                socket.Bind(new IPEndPoint(source, 0));
            }

            await socket.ConnectAsync(new IPEndPoint(target, endPoint.Port), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

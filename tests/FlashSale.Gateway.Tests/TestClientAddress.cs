using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace FlashSale.Gateway.Tests;

/// <summary>
/// The in-process test server has no TCP connection, so every request has the same (empty) client
/// address. This names one per request from a test-only header, before any of the gateway's middleware
/// runs: the per-client-IP limit then sees what Kestrel would see from different machines.
/// </summary>
public sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var address))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
            }

            return following(context);
        });
        next(app);
    };
}

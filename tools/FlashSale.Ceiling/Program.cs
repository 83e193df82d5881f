using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

// The most a request path through a reverse proxy can do on this machine: two processes, as in FlashSale (client ->
// gateway -> service), doing nothing but the hop itself. Started twice by load-tests/bench/purchase-bench.sh:
//   origin: Kestrel answering GET /api/time as inventory does (same JSON, same Cache-Control), nothing else;
//   proxy (Ceiling:Origin set): YARP forwarding every path to the origin; no auth, limits, telemetry or logging.
// Every figure of the bench is also divided by this one, measured in the same run (the gateway's own
// GET /api/time measures the gateway, not the ceiling).
var builder = WebApplication.CreateSlimBuilder(args);
// The same listen backlog as the FlashSale hosts (shared/FlashSale.ServiceDefaults/Extensions.cs), so a burst of
// connections is treated alike.
builder.Services.Configure<SocketTransportOptions>(o => o.Backlog = 4096);
var origin = builder.Configuration["Ceiling:Origin"];
if (origin is not null)
{
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ReverseProxy:Routes:everything:ClusterId"] = "origin",
        ["ReverseProxy:Routes:everything:Match:Path"] = "{**path}",
        ["ReverseProxy:Clusters:origin:Destinations:only:Address"] = origin,
    });
    builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
}

var app = builder.Build();
if (origin is not null)
{
    app.MapReverseProxy();
}
else
{
    app.MapGet("/api/time", (HttpContext http) =>
    {
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new ServerTime(DateTimeOffset.UtcNow));
    });
}

app.Run();

internal sealed record ServerTime(DateTimeOffset Now);

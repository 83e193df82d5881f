using FlashSale.BuildingBlocks.Addresses;
using FlashSale.Proxying;

// The edge stands where a cloud load balancer would: it spreads clients over the gateway replicas and stops
// sending to a dead one within about a second. It holds no policy of its own (no auth, no limits): the gateways
// do that, and see each client's address in X-Forwarded-For, which they trust from the edge only.
var builder = WebApplication.CreateBuilder(args);
var gateways = ReplicaAddresses.Parse(
    builder.Configuration["Edge:Gateways"] ?? throw new InvalidOperationException("Edge:Gateways (the gateway replicas, ';'-separated) is not configured."),
    "Edge:Gateways");
var proxy = ClusterReplicas.Settings("gateways", gateways);
proxy["ReverseProxy:Routes:everything:ClusterId"] = "gateways";
proxy["ReverseProxy:Routes:everything:Match:Path"] = "{**path}";
builder.Configuration.AddInMemoryCollection(proxy);
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

var app = builder.Build();
app.MapGet("/edge/live", () => TypedResults.Ok("live"));
app.MapReverseProxy(pipeline =>
{
    pipeline.UseRetryOnAnotherReplica();
    pipeline.UseSessionAffinity();
    pipeline.UseLoadBalancing();
    pipeline.UsePassiveHealthChecks();
});
app.Run();

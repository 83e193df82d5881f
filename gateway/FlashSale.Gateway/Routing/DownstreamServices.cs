namespace FlashSale.Gateway.Routing;

/// <summary>
/// The four services' base addresses, from "Services:Inventory" etc. (env Services__Inventory).
/// One knob per service: the YARP clusters are pointed at these, so routes in appsettings.json
/// never repeat an address.
/// </summary>
public static class DownstreamServices
{
    public static readonly IReadOnlyList<string> Names = ["inventory", "order", "payment", "wallet"];

    public static IHostApplicationBuilder AddDownstreamServices(this IHostApplicationBuilder builder)
    {
        var addresses = new Dictionary<string, string?>();
        foreach (var name in Names)
        {
            var address = builder.Configuration[$"Services:{name}"]
                ?? throw new InvalidOperationException($"Services:{name} (the {name} service's base address) is not configured.");
            addresses[$"ReverseProxy:Clusters:{name}:Destinations:primary:Address"] = address;
        }

        builder.Configuration.AddInMemoryCollection(addresses);
        return builder;
    }

    public static IEnumerable<(string Name, Uri Address)> Addresses(IConfiguration configuration) =>
        Names.Select(name => (name, new Uri(configuration[$"Services:{name}"]!)));
}

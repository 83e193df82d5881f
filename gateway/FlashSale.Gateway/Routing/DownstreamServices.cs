using FlashSale.BuildingBlocks.Addresses;
using FlashSale.Proxying;

namespace FlashSale.Gateway.Routing;

/// <summary>
/// The four services' base addresses, from "Services:Inventory" etc. (env Services__Inventory), one per replica
/// separated by ';'. One knob per service: the YARP clusters are pointed at these (with health checks once there
/// is more than one replica, see ClusterReplicas), so routes in appsettings.json never repeat an address.
/// </summary>
public static class DownstreamServices
{
    public static readonly IReadOnlyList<string> Names = ["inventory", "order", "payment", "wallet"];

    public static IHostApplicationBuilder AddDownstreamServices(this IHostApplicationBuilder builder)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (name, replicas) in Addresses(builder.Configuration))
        {
            foreach (var (key, value) in ClusterReplicas.Settings(name, replicas))
            {
                settings[key] = value;
            }
        }

        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    public static IEnumerable<(string Name, IReadOnlyList<Uri> Replicas)> Addresses(IConfiguration configuration) =>
        Names.Select(name => (name, ReplicaAddresses.Parse(
            configuration[$"Services:{name}"]
                ?? throw new InvalidOperationException($"Services:{name} (the {name} service's base address) is not configured."),
            $"Services:{name}")));
}

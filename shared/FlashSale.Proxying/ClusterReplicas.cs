using System.Globalization;

namespace FlashSale.Proxying;

/// <summary>
/// The YARP configuration of a cluster with one destination per replica. With more than one replica, a dead one
/// stops getting traffic within about a second: an active probe of /health/live every second marks it unhealthy
/// at the first failure, passive checks count transport failures of real requests, and a request that could not
/// reach a replica is sent to another one (<see cref="RetryOnAnotherReplica"/>). Liveness rather than readiness:
/// replicas share their dependencies, so an unready one (PostgreSQL restarting) is no worse than its siblings, and
/// a purchase that needs only Redis still goes through.
/// </summary>
public static class ClusterReplicas
{
    public static Dictionary<string, string?> Settings(string clusterId, IReadOnlyList<Uri> replicas)
    {
        var cluster = $"ReverseProxy:Clusters:{clusterId}";
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < replicas.Count; i++)
        {
            settings[$"{cluster}:Destinations:replica-{(i + 1).ToString(CultureInfo.InvariantCulture)}:Address"] = replicas[i].ToString();
        }

        if (replicas.Count == 1)
        {
            return settings;
        }

        settings[$"{cluster}:HealthCheck:AvailableDestinationsPolicy"] = "HealthyOrPanic";
        settings[$"{cluster}:HealthCheck:Active:Enabled"] = "true";
        settings[$"{cluster}:HealthCheck:Active:Interval"] = "00:00:01";
        settings[$"{cluster}:HealthCheck:Active:Timeout"] = "00:00:00.800";
        settings[$"{cluster}:HealthCheck:Active:Policy"] = "ConsecutiveFailures";
        settings[$"{cluster}:HealthCheck:Active:Path"] = "/health/live";
        settings[$"{cluster}:Metadata:ConsecutiveFailuresHealthPolicy.Threshold"] = "1";
        settings[$"{cluster}:HealthCheck:Passive:Enabled"] = "true";
        settings[$"{cluster}:HealthCheck:Passive:Policy"] = "TransportFailureRate";
        settings[$"{cluster}:HealthCheck:Passive:ReactivationPeriod"] = "00:00:05";
        return settings;
    }
}

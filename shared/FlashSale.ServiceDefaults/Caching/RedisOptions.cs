namespace FlashSale.ServiceDefaults.Caching;

/// <summary>Bound from "Redis". Loopback addresses in appsettings are DEVELOPMENT defaults.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>StackExchange.Redis configuration string of the main instance (env: Redis__Configuration).</summary>
    public string Configuration { get; set; } = "127.0.0.1:6379";

    /// <summary>
    /// Independent nodes for a Redlock quorum (env: Redis__RedlockEndpoints): "host:port" separated by commas, or full
    /// StackExchange.Redis configuration strings (with their own ",password=...") separated by semicolons.
    /// </summary>
    public string RedlockEndpoints { get; set; } = "";

    /// <summary>Each Redlock node's configuration string, as <see cref="RedlockEndpoints"/> lists them.</summary>
    public static IReadOnlyList<string> RedlockNodes(string endpoints) =>
        endpoints.Split(endpoints.Contains(';') ? ';' : ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Prepended to every key this service writes (isolates tests and tenants on one server).</summary>
    public string KeyPrefix { get; set; } = "fs:";
}

using System.Globalization;

namespace FlashSale.AppHost;

/// <summary>
/// Where the native servers and the hosts listen: the defaults of ops/config.sh, overridden by the same
/// environment variables (FS_PG_PORT, FS_GATEWAY_PORT, ...), so the app host and ./flashsale.sh agree.
/// </summary>
public static class ServerSettings
{
    public static int Port(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : fallback;

    public static string Value(string variable, string fallback) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;

    public static string Postgres =>
        $"Host=127.0.0.1;Port={Port("FS_PG_PORT", 55432)};Username=postgres;Password={Value("FS_PG_PASSWORD", "flashsale-dev")}";

    public static string Redis => $"127.0.0.1:{Port("FS_REDIS_PORT", 56379)}";

    public static string RedlockEndpoints =>
        string.Join(',', Value("FS_REDLOCK_PORTS", "56380 56381 56382").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => $"127.0.0.1:{p}"));

    public static string RabbitMq => $"amqp://guest:guest@127.0.0.1:{Port("FS_AMQP_PORT", 55672)}";
}

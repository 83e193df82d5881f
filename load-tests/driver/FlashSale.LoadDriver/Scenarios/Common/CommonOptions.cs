using FlashSale.LoadDriver.Cli;

namespace FlashSale.LoadDriver.Scenarios.Common;

/// <summary>Options every load command shares.</summary>
public static class CommonOptions
{
    public static readonly OptionSpec Gateway = new("gateway", "base URL of the gateway", "http://127.0.0.1:8080");

    public static readonly OptionSpec SigningKey = new("signing-key",
        "PEM file of the RSA private key the driver mints shopper and admin JWTs (RS256) with; 'dev' is the committed development key, " +
        "which only a Development system trusts (production profile: .flashsale/secrets/jwt-private.pem)", "dev");

    public static readonly OptionSpec Timeout = new("timeout", "per-request timeout; a timed-out request counts as '0 timeout'", "10s");

    public static readonly OptionSpec Out = new("out", "write the run's result (JSON) to this file");

    public static readonly OptionSpec Watch = OptionSpec.Many("watch",
        "label=pid[,pid]: CPU of these processes and their children during the measured window (Linux /proc)");

    public static readonly OptionSpec Warmup = new("warmup", "load before the measured window (connections, JIT), not counted", "3s");

    public static readonly OptionSpec Duration = new("duration", "measured window", "10s");

    public static readonly OptionSpec Postgres = new("postgres",
        "connection string of the PostgreSQL server holding the services' databases (flashsale_<service>), read after the run; the development default",
        "Host=127.0.0.1;Port=55432;Username=postgres;Password=flashsale-dev");

    public static readonly OptionSpec RabbitManagement = new("rabbitmq-management",
        "RabbitMQ management API (with credentials) whose saga queues are sampled during the run; the development default",
        "http://guest:guest@127.0.0.1:55673");

    public static readonly OptionSpec QuietTimeout = new("quiet-timeout",
        "how long the sale may take to be quiet after the shoppers are done (every unit sold or released, Redis = PostgreSQL)", "60s");

    public static IReadOnlyList<OptionSpec> Target => [Gateway, SigningKey, Timeout, Out];
}

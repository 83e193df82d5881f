using FlashSale.ServiceDefaults.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace FlashSale.ServiceDefaults.Caching;

public static class RedisExtensions
{
    /// <summary>
    /// One shared multiplexer on the main Redis instance, plus a readiness check on it unless the host only leases
    /// its worker id there (<paramref name="readiness"/> false: a short Redis outage must not take it out of rotation).
    /// </summary>
    public static IHostApplicationBuilder AddServiceRedis(this IHostApplicationBuilder builder, bool readiness = true)
    {
        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section);
        var options = builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        var configuration = ConfigurationOptions.Parse(options.Configuration);
        // Start even while Redis is down: readiness reports it, and the multiplexer reconnects by itself.
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = 3000;
        // Reconnect every half second while Redis is away (the default backs off exponentially to 10 s), so the
        // purchase path works again within a second of Redis accepting connections.
        configuration.ReconnectRetryPolicy = new LinearRetry(500);

        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration));
        if (!readiness)
        {
            return builder;
        }

        builder.Services.AddHealthChecks().AddRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), name: "redis",
            tags: [HealthExtensions.ReadyTag], timeout: TimeSpan.FromSeconds(3));
        return builder;
    }
}

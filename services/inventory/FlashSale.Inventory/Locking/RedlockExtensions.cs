using FlashSale.ServiceDefaults.Caching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RedLockNet;
using RedLockNet.SERedis;
using RedLockNet.SERedis.Configuration;
using StackExchange.Redis;

namespace FlashSale.Inventory.Locking;

public static class RedlockExtensions
{
    /// <summary>
    /// Redlock over the independent Redis nodes of "Redis:RedlockEndpoints" (a quorum of 3).
    /// Short timeouts: with a node down, an acquire must still answer in milliseconds, not seconds.
    /// </summary>
    public static IHostApplicationBuilder AddRedlock(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        var endpoints = RedisOptions.RedlockNodes(options.RedlockEndpoints);
        if (endpoints.Count < 3)
        {
            throw new InvalidOperationException("Redis:RedlockEndpoints needs at least 3 independent Redis nodes for a Redlock quorum.");
        }

        builder.Services.AddSingleton<IDistributedLockFactory>(_ => RedLockFactory.Create(endpoints.Select(endpoint =>
        {
            var configuration = ConfigurationOptions.Parse(endpoint);
            configuration.AbortOnConnectFail = false;
            configuration.ConnectTimeout = 1000;
            configuration.SyncTimeout = 500;
            configuration.AsyncTimeout = 500;
            configuration.ReconnectRetryPolicy = new LinearRetry(500); // a node back is in the quorum again within a second
            return new RedLockMultiplexer(ConnectionMultiplexer.Connect(configuration)) { RedisKeyFormat = options.KeyPrefix + "redlock:{0}" };
        }).ToList()));
        return builder;
    }
}

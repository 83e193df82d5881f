using System.Threading.RateLimiting;
using FlashSale.ServiceDefaults.Caching;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FlashSale.Gateway.RateLimiting;

/// <summary>
/// A named rate limiter policy for the YARP routes (and the gateway's own token and readiness endpoints): partitions
/// requests by (user, client IP, sale) and chains the (up to) three limits of its <see cref="PolicyLimits"/> in one decision.
/// Counter keys: {Redis:KeyPrefix}rl:{policy}:user|ip|sale:{value}; each policy counts on its own.
/// </summary>
public sealed class LimitPolicy : IRateLimiterPolicy<LimitKey>
{
    private readonly Func<LimitKey, RateLimiter> _createLimiter;

    public LimitPolicy(
        string name, IOptions<RateLimitingOptions> options, IOptions<RedisOptions> redis, LimitGate gate, RateLimitingMetrics metrics, TimeProvider time)
    {
        var limits = options.Value.For(name);
        var keyPrefix = $"{redis.Value.KeyPrefix}rl:{name}:";
        _createLimiter = key => new WindowRateLimiter(name, key,
        [
            .. limits.PerUser is { } perUser ? [new LimitCheck(LimitScope.User, $"{keyPrefix}user:{key.UserId}", perUser)] : Array.Empty<LimitCheck>(),
            new LimitCheck(LimitScope.ClientIp, $"{keyPrefix}ip:{key.ClientIp}", limits.PerClientIp),
            .. limits.PerSale is { } perSale ? [new LimitCheck(LimitScope.Sale, $"{keyPrefix}sale:{key.SaleId}", perSale)] : Array.Empty<LimitCheck>(),
        ], gate, metrics, time);
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => LimitProblems.WriteAsync;

    public RateLimitPartition<LimitKey> GetPartition(HttpContext httpContext) => new(LimitKey.For(httpContext), _createLimiter);
}

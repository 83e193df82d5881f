using System.Threading.RateLimiting;
using FlashSale.ServiceDefaults.Caching;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FlashSale.Gateway.RateLimiting;

/// <summary>
/// A named rate limiter policy for the YARP routes (and the gateway's own token and readiness endpoints): chains the (up
/// to) three limits of its <see cref="PolicyLimits"/> — per user, client IP and sale — in one decision. All its requests
/// share one partition and one <see cref="WindowRateLimiter"/>, which keys each decision by the request's own
/// <see cref="LimitKey"/>. Counter keys: {Redis:KeyPrefix}rl:{policy}:user|ip|sale:{value}; each policy counts on its own.
/// </summary>
public sealed class LimitPolicy : IRateLimiterPolicy<string>
{
    private readonly RateLimitPartition<string> _partition;

    public LimitPolicy(
        string name, IOptions<RateLimitingOptions> options, IOptions<RedisOptions> redis, LimitGate gate, RateLimitingMetrics metrics,
        IHttpContextAccessor http)
    {
        var limits = options.Value.For(name);
        var keyPrefix = $"{redis.Value.KeyPrefix}rl:{name}:";
        var limiter = new WindowRateLimiter(name, key =>
        [
            .. limits.PerUser is { } perUser ? [new LimitCheck(LimitScope.User, $"{keyPrefix}user:{key.UserId}", perUser)] : Array.Empty<LimitCheck>(),
            new LimitCheck(LimitScope.ClientIp, $"{keyPrefix}ip:{key.ClientIp}", limits.PerClientIp),
            .. limits.PerSale is { } perSale ? [new LimitCheck(LimitScope.Sale, $"{keyPrefix}sale:{key.SaleId}", perSale)] : Array.Empty<LimitCheck>(),
        ], gate, metrics, http);
        _partition = new RateLimitPartition<string>(name, _ => limiter);
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => LimitProblems.WriteAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) => _partition;
}

using System.Threading.RateLimiting;
using FlashSale.ServiceDefaults.Caching;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FlashSale.Gateway.RateLimiting;

/// <summary>
/// A named rate limiter policy for the YARP routes: partitions requests by (user, client IP, sale) and
/// chains the three limits of its <see cref="AdmissionLimits"/> in one decision.
/// Counter keys: {Redis:KeyPrefix}rl:{policy}:user|ip|sale:{value}; each policy counts on its own.
/// </summary>
public sealed class AdmissionPolicy : IRateLimiterPolicy<AdmissionKey>
{
    private readonly Func<AdmissionKey, RateLimiter> _createLimiter;

    public AdmissionPolicy(
        string name, IOptions<RateLimitingOptions> options, IOptions<RedisOptions> redis, AdmissionGate gate, RateLimitingMetrics metrics, TimeProvider time)
    {
        var limits = options.Value.For(name);
        var keyPrefix = $"{redis.Value.KeyPrefix}rl:{name}:";
        _createLimiter = key => new AdmissionRateLimiter(name, key,
        [
            new AdmissionCheck(AdmissionScope.User, $"{keyPrefix}user:{key.UserId}", limits.PerUser),
            new AdmissionCheck(AdmissionScope.ClientIp, $"{keyPrefix}ip:{key.ClientIp}", limits.PerClientIp),
            new AdmissionCheck(AdmissionScope.Sale, $"{keyPrefix}sale:{key.SaleId}", limits.PerSale),
        ], gate, metrics, time);
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => AdmissionProblems.WriteAsync;

    public RateLimitPartition<AdmissionKey> GetPartition(HttpContext httpContext) => new(AdmissionKey.For(httpContext), _createLimiter);
}

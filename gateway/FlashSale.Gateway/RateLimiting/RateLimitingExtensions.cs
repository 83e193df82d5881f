using Microsoft.AspNetCore.RateLimiting;

namespace FlashSale.Gateway.RateLimiting;

public static class RateLimitingExtensions
{
    /// <summary>
    /// The "purchases" and "purchase-token" policies the YARP routes name, counted in the main Redis
    /// (shared by every replica). Needs AddServiceRedis, which also puts Redis into readiness.
    /// </summary>
    public static IHostApplicationBuilder AddPurchaseRateLimiting(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section)
            .Validate(o => o.IsValid, "RateLimiting: every PermitLimit must be at least 1, every Window at least 1 ms, RedisTimeout positive.")
            .ValidateOnStart();
        services.AddSingleton<RateLimitingMetrics>();
        services.AddSingleton<RedisWindowCounters>();
        services.AddSingleton<LocalWindowCounters>();
        services.AddSingleton<LimitGate>();
        services.AddHttpContextAccessor(); // the policies' one limiter reads each request's key from it

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IServiceProvider>((limiter, sp) =>
        {
            // The middleware's default is 503; docs/api.md says 429 [rate-limited].
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            foreach (var name in LimitPolicyNames.All)
            {
                limiter.AddPolicy(name, ActivatorUtilities.CreateInstance<LimitPolicy>(sp, name));
            }
        });
        return builder;
    }
}

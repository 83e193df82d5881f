using FlashSale.Gateway.DevTokens;
using FlashSale.Gateway.Health;
using FlashSale.Gateway.Monitoring;
using FlashSale.Gateway.RateLimiting;
using FlashSale.Gateway.Routing;
using FlashSale.Gateway.SoldOut;
using FlashSale.ServiceDefaults.Caching;

namespace FlashSale.Gateway;

internal static class Extensions
{
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.AddDownstreamServices();
        builder.AddTrustedProxies();
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.AddDownstreamReadiness();
        // Redis holds the rate limit counters every replica shares; readiness then checks it too.
        builder.AddServiceRedis();
        builder.AddPurchaseRateLimiting();
        builder.AddPurchaseAnswerCounting();
        builder.AddSoldOutAnswers();
        builder.Services.AddOptions<DevTokenOptions>().BindConfiguration(DevTokenOptions.Section);
        builder.Services.AddSingleton<AdminKeyAttempts>();
        builder.Services.AddSingleton<DevTokenSigner>();
        return builder;
    }
}

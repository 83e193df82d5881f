using FlashSale.Gateway.DevTokens;
using FlashSale.Gateway.Health;
using FlashSale.Gateway.Routing;
using FlashSale.ServiceDefaults.Authentication;

namespace FlashSale.Gateway;

internal static class Extensions
{
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.AddJwtAuthentication();
        builder.AddDownstreamServices();
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.AddDownstreamReadiness();
        builder.Services.AddOptions<DevTokenOptions>().BindConfiguration(DevTokenOptions.Section);
        return builder;
    }
}

using FlashSale.Gateway;
using FlashSale.Gateway.ApiReference;
using FlashSale.Gateway.DevTokens;
using FlashSale.ServiceDefaults;

ServiceHost.Run(args, builder => builder.AddGatewayServices(), app =>
{
    // After authorization: a request without a valid token gets its 401 and uses up no one's limit.
    app.UseRateLimiter();
    app.MapDevTokenIssuer();
    app.MapApiReference();
    app.MapReverseProxy();
});

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

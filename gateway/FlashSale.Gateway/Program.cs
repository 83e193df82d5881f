using FlashSale.Gateway;
using FlashSale.Gateway.ApiReference;
using FlashSale.Gateway.DevTokens;
using FlashSale.Gateway.Monitoring;
using FlashSale.Gateway.SoldOut;
using FlashSale.Gateway.Storefront;
using FlashSale.Proxying;
using FlashSale.ServiceDefaults;

ServiceHost.Run(args, builder => builder.AddGatewayServices(), app =>
{
    // The client's address from the trusted edge's X-Forwarded-For, before anything counts per address.
    app.UseForwardedHeaders();
    // Outside the rate limiter, so the sale monitor counts its 429s among the purchase answers.
    app.UsePurchaseAnswerCounting();
    // Before the limiter: an answer from memory costs less than the limiter's Redis call, and nothing behind it needs shielding.
    app.UseSoldOutAnswers();
    // After authorization: a request without a valid token gets its 401 and uses up no one's limit.
    app.UseRateLimiter();
    app.MapDevTokenIssuer();
    app.MapStorefrontSettings();
    app.MapPurchaseAnswerTotals();
    app.MapApiReference();
    app.MapReverseProxy(proxy =>
    {
        proxy.UseRetryOnAnotherReplica();
        proxy.UseSessionAffinity();
        proxy.UseLoadBalancing();
        proxy.UsePassiveHealthChecks();
    });
}, usePublicFiles: app => app.UseStorefront());

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

using System.Net;
using FlashSale.Gateway.RateLimiting;
using FlashSale.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using static FlashSale.Gateway.Tests.Shoppers;

namespace FlashSale.Gateway.Tests.RateLimiting;

public sealed class ConfiguredLimitsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_configured_per_user_limit_and_window_replace_the_defaults()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:Purchases:PerUser:PermitLimit"] = "2",
            ["RateLimiting:Purchases:PerUser:Window"] = "00:00:03",
        });
        var (sale, user) = (NewSaleId(), NewUserId());
        using var shopper = Client(gateway, user);

        var burst = await PurchaseConcurrentlyAsync(shopper, sale, 6);
        var refused = burst.First(r => r.StatusCode != HttpStatusCode.Accepted);
        var problem = await AssertRateLimitedAsync(refused, "per-user", TimeSpan.FromSeconds(3));
        // Redis times the window: it has closed once Redis has expired the user's counter, not after a guessed pause.
        var counter = $"{fixture.Scope.RedisKeyPrefix}rl:{LimitPolicyNames.Purchases}:user:{user}";
        var redis = gateway.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await Eventually.HoldsAsync(async () => !await redis.KeyExistsAsync(counter), "the 3 s window to close (its counter expired)", TimeSpan.FromSeconds(10));
        var nextWindow = await PurchaseConcurrentlyAsync(shopper, sale, 3);

        Assert.Equal(2, Accepted(burst));
        Assert.Contains("2 per 3 s", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Equal(2, Accepted(nextWindow));
    }

    [Fact]
    public void Without_settings_the_limits_are_those_of_appsettings_json()
    {
        using var gateway = new ServiceFactory<Program>(fixture.Scope, "gateway", fixture.Downstream.ServiceSettings());

        var options = gateway.Services.GetRequiredService<IOptions<RateLimitingOptions>>().Value;

        Assert.Equal("5 per 5 s", options.Purchases.PerUser!.ToString());
        Assert.Equal("50 per 1 s", options.Purchases.PerClientIp.ToString());
        Assert.Equal("2000 per 1 s", options.Purchases.PerSale!.ToString());
        Assert.Equal("10 per 5 s", options.PurchaseToken.PerUser!.ToString());
        Assert.Equal("100 per 1 s", options.PurchaseToken.PerClientIp.ToString());
        Assert.Equal("5000 per 1 s", options.PurchaseToken.PerSale!.ToString());
        Assert.Equal(("20 per 10 s", "2000 per 1 s", null), (options.Challenges.PerUser!.ToString(), options.Challenges.PerClientIp.ToString(), options.Challenges.PerSale));
        Assert.Equal(("10 per 10 s", "2000 per 1 s", null), (options.Payments.PerUser!.ToString(), options.Payments.PerClientIp.ToString(), options.Payments.PerSale));
        Assert.Equal(("100 per 10 s", "5000 per 1 s"), (options.OrderReads.PerUser!.ToString(), options.OrderReads.PerClientIp.ToString()));
        Assert.Equal(("30 per 10 s", "2000 per 1 s"), (options.WalletReads.PerUser!.ToString(), options.WalletReads.PerClientIp.ToString()));
        // Anonymous routes: per address only. The dev issuer's limit is raised by appsettings.Development.json (k6's setup).
        Assert.Equal((null, "20 per 1 s", null), (options.Health.PerUser, options.Health.PerClientIp.ToString(), options.Health.PerSale));
        Assert.Equal((null, "2000 per 1 s"), (options.Tokens.PerUser, options.Tokens.PerClientIp.ToString()));
    }

    [Fact]
    public void A_gateway_with_an_impossible_limit_does_not_start()
    {
        using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["RateLimiting:Purchases:PerSale:PermitLimit"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => gateway.CreateClient());

        Assert.Contains("PermitLimit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_purchase_token_route_has_its_own_gentler_limits_and_counters()
    {
        var sale = NewSaleId();
        using var shopper = Client(fixture.ReplicaA, NewUserId());
        var purchases = await PurchaseConcurrentlyAsync(shopper, sale, GatewayFixture.PerUserLimit + 1);

        var tokens = await Task.WhenAll(Enumerable.Range(0, GatewayFixture.PurchaseTokenPerUserLimit + 2)
            .Select(_ => shopper.PostAsync($"/api/sales/{sale}/purchase-token", null)));

        Assert.Equal(GatewayFixture.PerUserLimit, Accepted(purchases));
        Assert.Equal(GatewayFixture.PurchaseTokenPerUserLimit, tokens.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = tokens.First(r => r.StatusCode != HttpStatusCode.OK);
        var problem = await AssertRateLimitedAsync(refused, "per-user", TimeSpan.FromMinutes(1));
        Assert.Contains("'purchase-token'", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetching_challenges_in_a_loop_is_refused_per_user()
    {
        var sale = NewSaleId();
        using var shopper = Client(fixture.ReplicaA, NewUserId());

        var challenges = await Task.WhenAll(Enumerable.Range(0, 22).Select(_ => shopper.GetAsync($"/api/sales/{sale}/challenge")));

        Assert.Equal(20, challenges.Count(r => r.StatusCode == HttpStatusCode.OK));
        var problem = await AssertRateLimitedAsync(challenges.First(r => r.StatusCode != HttpStatusCode.OK), "per-user", TimeSpan.FromSeconds(10));
        Assert.Contains("'challenges'", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }
}

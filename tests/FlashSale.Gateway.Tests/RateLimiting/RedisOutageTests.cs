using System.Net;
using FlashSale.Testing;
using static FlashSale.Gateway.Tests.Shoppers;

namespace FlashSale.Gateway.Tests.RateLimiting;

/// <summary>Fail-open to local counters: without Redis the gateway is not ready, yet still limits on its own.</summary>
public sealed class RedisOutageTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Without_redis_the_gateway_is_unready_and_limits_each_user_on_its_own_counters()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = $"127.0.0.1:{HostProcess.FreePort()}",
            ["RateLimiting:Purchases:PerUser:PermitLimit"] = "3",
        });
        using var probe = gateway.CreateClient();
        var sale = NewSaleId();
        using var shopper = Client(gateway, NewUserId());
        using var other = Client(gateway, NewUserId());

        var ready = await probe.GetAsync("/health/ready");
        var responses = await PurchaseConcurrentlyAsync(shopper, sale, 6);
        var fromOther = await PurchaseAsync(other, sale);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("\"redis\":{\"status\":\"Unhealthy\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, Accepted(responses));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Accepted))
        {
            await AssertRateLimitedAsync(refused, "per-user", TimeSpan.FromMinutes(1));
        }

        Assert.Equal(HttpStatusCode.Accepted, fromOther.StatusCode);
    }
}

using System.Net;
using FlashSale.Testing;

namespace FlashSale.Inventory.Tests.Resilience;

public sealed class RedisOutageTests(DeadRedisFixture fixture) : IClassFixture<DeadRedisFixture>
{
    [Fact]
    public async Task Without_redis_the_service_starts_is_not_ready_and_answers_503_problems()
    {
        using var client = fixture.Factory.CreateClient();
        using var shopper = fixture.Factory.CreateClientFor(TestTokens.Shopper("u-outage"));

        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");
        var view = await client.GetAsync("/api/sales/252097841961373696");
        var token = await shopper.PostAsync("/api/sales/252097841961373696/purchase-token", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("\"redis\":{\"status\":\"Unhealthy\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        foreach (var response in new[] { view, token })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter);
        }
    }
}

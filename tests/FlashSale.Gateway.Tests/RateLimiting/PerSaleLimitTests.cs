using System.Net;
using static FlashSale.Gateway.Tests.Shoppers;

namespace FlashSale.Gateway.Tests.RateLimiting;

public sealed class PerSaleLimitTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task The_per_sale_cap_holds_across_many_users_and_leaves_other_sales_alone()
    {
        var hot = NewSaleId();
        var quiet = NewSaleId();
        var shoppers = Enumerable.Range(0, GatewayFixture.PerSaleLimit * 2).Select(_ => Client(fixture.ReplicaA, NewUserId())).ToList();

        var responses = await Task.WhenAll(shoppers.Select(s => PurchaseAsync(s, hot)));
        using var quietShopper = Client(fixture.ReplicaA, NewUserId());
        var onQuietSale = await PurchaseAsync(quietShopper, quiet);

        Assert.Equal(GatewayFixture.PerSaleLimit, Accepted(responses));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Accepted))
        {
            var problem = await AssertRateLimitedAsync(refused, "per-sale", Window);
            Assert.Contains($"sale {hot}", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        }

        Assert.Equal(GatewayFixture.PerSaleLimit, fixture.Downstream.PurchasesReceived(hot));
        Assert.Equal(HttpStatusCode.Accepted, onQuietSale.StatusCode);
        shoppers.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task A_request_refused_by_the_per_user_limit_uses_up_nothing_of_the_sales_cap()
    {
        var sale = NewSaleId();
        using var greedy = Client(fixture.ReplicaA, NewUserId());
        var greedyResponses = await PurchaseConcurrentlyAsync(greedy, sale, GatewayFixture.PerUserLimit + 10);
        var others = Enumerable.Range(0, GatewayFixture.PerSaleLimit).Select(_ => Client(fixture.ReplicaA, NewUserId())).ToList();

        var otherResponses = await Task.WhenAll(others.Select(s => PurchaseAsync(s, sale)));

        Assert.Equal(GatewayFixture.PerUserLimit, Accepted(greedyResponses));
        Assert.Equal(GatewayFixture.PerSaleLimit - GatewayFixture.PerUserLimit, Accepted(otherResponses));
        others.ForEach(s => s.Dispose());
    }
}

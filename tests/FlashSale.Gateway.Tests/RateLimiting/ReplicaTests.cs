using static FlashSale.Gateway.Tests.Shoppers;

namespace FlashSale.Gateway.Tests.RateLimiting;

/// <summary>Two gateway replicas on one Redis let the limit through once between them, not once each.</summary>
public sealed class ReplicaTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task One_user_spread_over_two_replicas_gets_the_per_user_limit_once()
    {
        var sale = NewSaleId();
        var user = NewUserId();
        using var viaA = Client(fixture.ReplicaA, user);
        using var viaB = Client(fixture.ReplicaB, user);

        var responses = await Task.WhenAll(
            PurchaseConcurrentlyAsync(viaA, sale, GatewayFixture.PerUserLimit * 2),
            PurchaseConcurrentlyAsync(viaB, sale, GatewayFixture.PerUserLimit * 2));

        Assert.Equal(GatewayFixture.PerUserLimit, Accepted(responses.SelectMany(r => r)));
        Assert.Equal(GatewayFixture.PerUserLimit, fixture.Downstream.PurchasesReceived(sale));
    }

    [Fact]
    public async Task Many_users_spread_over_two_replicas_get_the_per_sale_cap_once()
    {
        var sale = NewSaleId();
        var shoppers = Enumerable.Range(0, GatewayFixture.PerSaleLimit * 3)
            .Select(i => Client(i % 2 == 0 ? fixture.ReplicaA : fixture.ReplicaB, NewUserId()))
            .ToList();

        var responses = await Task.WhenAll(shoppers.Select(s => PurchaseAsync(s, sale)));

        Assert.Equal(GatewayFixture.PerSaleLimit, Accepted(responses));
        Assert.Equal(GatewayFixture.PerSaleLimit, fixture.Downstream.PurchasesReceived(sale));
        shoppers.ForEach(s => s.Dispose());
    }
}

using System.Net;
using static FlashSale.Gateway.Tests.Shoppers;

namespace FlashSale.Gateway.Tests.RateLimiting;

public sealed class PerUserLimitTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_user_gets_exactly_the_per_user_limit_and_every_further_attempt_is_a_429_problem_with_retry_after()
    {
        var sale = NewSaleId();
        using var shopper = Client(fixture.ReplicaA, NewUserId());

        var responses = await PurchaseConcurrentlyAsync(shopper, sale, GatewayFixture.PerUserLimit + 7);

        Assert.Equal(GatewayFixture.PerUserLimit, Accepted(responses));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Accepted).ToList();
        Assert.Equal(7, refused.Count);
        foreach (var response in refused)
        {
            var problem = await AssertRateLimitedAsync(response, "per-user", Window);
            Assert.Contains($"{GatewayFixture.PerUserLimit} per 1 min", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        }

        // Refused attempts never reach inventory.
        Assert.Equal(GatewayFixture.PerUserLimit, fixture.Downstream.PurchasesReceived(sale));
    }

    [Fact]
    public async Task Another_user_is_not_affected_when_the_first_has_used_up_their_limit()
    {
        var sale = NewSaleId();
        using var greedy = Client(fixture.ReplicaA, NewUserId());
        using var other = Client(fixture.ReplicaA, NewUserId());

        var greedyResponses = await PurchaseConcurrentlyAsync(greedy, sale, GatewayFixture.PerUserLimit * 3);
        var otherResponses = await PurchaseConcurrentlyAsync(other, sale, GatewayFixture.PerUserLimit);

        Assert.Equal(GatewayFixture.PerUserLimit, Accepted(greedyResponses));
        Assert.All(otherResponses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
    }

    [Fact]
    public async Task The_per_user_limit_counts_a_users_attempts_on_every_sale_together()
    {
        using var shopper = Client(fixture.ReplicaA, NewUserId());
        var first = await PurchaseConcurrentlyAsync(shopper, NewSaleId(), GatewayFixture.PerUserLimit);

        var elsewhere = await PurchaseAsync(shopper, NewSaleId());

        Assert.Equal(GatewayFixture.PerUserLimit, Accepted(first));
        await AssertRateLimitedAsync(elsewhere, "per-user", Window);
    }

    [Fact]
    public async Task Requests_without_a_token_are_refused_with_401_and_use_up_no_limit()
    {
        var sale = NewSaleId();
        using var anonymous = fixture.ReplicaA.CreateClient();
        using var shopper = Client(fixture.ReplicaA, NewUserId());

        var unauthenticated = await Task.WhenAll(Enumerable.Range(0, GatewayFixture.PerSaleLimit).Select(_ => PurchaseAsync(anonymous, sale)));
        var afterwards = await PurchaseConcurrentlyAsync(shopper, sale, GatewayFixture.PerUserLimit);

        Assert.All(unauthenticated, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal(GatewayFixture.PerUserLimit, Accepted(afterwards));
    }
}

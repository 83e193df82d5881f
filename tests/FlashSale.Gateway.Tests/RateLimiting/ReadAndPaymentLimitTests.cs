using System.Net;
using static FlashSale.Gateway.Tests.Shoppers;

namespace FlashSale.Gateway.Tests.RateLimiting;

/// <summary>Payments and order reads are limited per user too (appsettings.json), each on its own counters.</summary>
public sealed class ReadAndPaymentLimitTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_user_paying_in_a_loop_gets_429_after_the_per_user_limit_while_others_and_their_reads_are_not_affected()
    {
        using var looping = Client(fixture.ReplicaA, NewUserId());
        using var other = Client(fixture.ReplicaA, NewUserId());

        var payments = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            payments.Add(await looping.PostAsync($"/api/orders/{i + 1}/payment", null));
        }

        Assert.Equal(10, Accepted(payments));
        foreach (var refused in payments.Where(r => r.StatusCode != HttpStatusCode.Accepted))
        {
            await AssertRateLimitedAsync(refused, "per-user", TimeSpan.FromSeconds(10));
        }

        Assert.Equal(HttpStatusCode.Accepted, (await other.PostAsync("/api/orders/1/payment", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await looping.GetAsync("/api/orders/1")).StatusCode);
    }

    [Fact]
    public async Task Order_reads_have_their_own_per_user_limit()
    {
        using var reader = Client(fixture.ReplicaB, NewUserId());

        var reads = await Task.WhenAll(Enumerable.Range(0, 105).Select(_ => reader.GetAsync("/api/orders/7")));

        Assert.Equal(100, reads.Count(r => r.StatusCode == HttpStatusCode.OK));
        await AssertRateLimitedAsync(reads.First(r => r.StatusCode != HttpStatusCode.OK), "per-user", TimeSpan.FromSeconds(10));
    }
}

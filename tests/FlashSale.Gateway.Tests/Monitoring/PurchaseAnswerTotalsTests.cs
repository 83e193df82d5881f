using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Testing;

namespace FlashSale.Gateway.Tests.Monitoring;

/// <summary>
/// The sale monitor's purchase answers: what the gateway answered per sale, its own 429s included, summed in Redis
/// over the replicas within about a second; admins only.
/// </summary>
public sealed class PurchaseAnswerTotalsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Accepted_and_rate_limited_answers_of_both_replicas_are_summed_per_sale()
    {
        var saleId = Shoppers.NewSaleId();
        using var onA = Shoppers.Client(fixture.ReplicaA, Shoppers.NewUserId());
        using var onB = Shoppers.Client(fixture.ReplicaB, Shoppers.NewUserId());
        for (var i = 0; i < GatewayFixture.PerUserLimit + 2; i++)
        {
            await Shoppers.PurchaseAsync(onA, saleId);
        }

        await Shoppers.PurchaseAsync(onB, saleId);

        using var admin = fixture.ReplicaB.CreateClientFor(TestTokens.Admin());
        var totals = await Eventually.HoldsAsync(() => admin.GetFromJsonAsync<JsonElement>($"/api/admin/monitor/purchases/{saleId}"),
            read => read.GetProperty("accepted").GetInt64() == GatewayFixture.PerUserLimit + 1 && read.GetProperty("rateLimited").GetInt64() == 2,
            "both replicas' counts reach Redis within their next flush", TimeSpan.FromSeconds(10));

        Assert.Equal(saleId, totals.GetProperty("saleId").GetString());
        Assert.Equal(0, totals.GetProperty("soldOut").GetInt64() + totals.GetProperty("failed").GetInt64());
    }

    [Fact]
    public async Task Shoppers_and_strangers_cannot_read_them()
    {
        using var shopper = Shoppers.Client(fixture.ReplicaA, Shoppers.NewUserId());
        using var stranger = fixture.ReplicaA.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await shopper.GetAsync("/api/admin/monitor/purchases/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/admin/monitor/purchases/1")).StatusCode);
    }
}

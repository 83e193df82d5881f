using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Purchases;

/// <summary>A proof-of-work sale bought through the gateway, as a script or a browser must: challenge, solve, token, then the address it reveals.</summary>
[Collection(SharedSystem.Name)]
public sealed class HumanCheckJourneyTests(FlashSaleSystemFixture fixture)
{
    [Fact]
    public async Task A_shopper_solves_the_challenge_before_the_start_and_buys_at_the_address_the_token_reveals()
    {
        var system = fixture.System;
        using var admin = system.CreateGatewayClient(TestTokens.Admin());
        using var shopper = system.CreateGatewayClient(TestTokens.Shopper("pow-e2e-1"));
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(4);
        var created = await admin.PostAsJsonAsync("/api/admin/sales", new
        {
            sku = "SKU-POW",
            name = "Proof-of-work phone",
            price = 9.90m,
            stock = 5,
            startsAt,
            endsAt = startsAt.AddHours(1),
            perUserLimit = 1,
            humanCheck = "proof-of-work",
            humanCheckMaxNumber = 5_000,
        });
        created.EnsureSuccessStatusCode();
        var sale = await created.Content.ReadFromJsonAsync<JsonElement>();
        var saleId = sale.GetProperty("id").GetString();
        Assert.Equal("proof-of-work", sale.GetProperty("humanCheck").GetString());

        // Before the start: the challenge is there to solve, the token and so the address are not.
        var challenge = await shopper.GetFromJsonAsync<JsonElement>($"/api/sales/{saleId}/challenge");
        var solution = Solve(challenge);
        var early = await shopper.PostAsJsonAsync($"/api/sales/{saleId}/purchase-token", new { humanCheck = solution });
        Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);
        await Task.Delay(startsAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));

        var withoutCheck = await shopper.PostAsync($"/api/sales/{saleId}/purchase-token", null);
        var issued = await shopper.PostAsJsonAsync($"/api/sales/{saleId}/purchase-token", new { humanCheck = solution });
        var replayed = await shopper.PostAsJsonAsync($"/api/sales/{saleId}/purchase-token", new { humanCheck = solution });
        Assert.Equal(HttpStatusCode.BadRequest, withoutCheck.StatusCode);
        Assert.Contains("human-check-required", await withoutCheck.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, replayed.StatusCode);
        Assert.Contains("human-check-failed", await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var token = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var guessed = await BuyAsync(shopper, $"/api/sales/{saleId}/purchases", token.GetProperty("token").GetString()!);
        var bought = await BuyAsync(shopper, token.GetProperty("purchaseUrl").GetString()!, token.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.NotFound, guessed.StatusCode);
        Assert.Contains("purchase-address-unknown", await guessed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, bought.StatusCode);
    }

    private static async Task<HttpResponseMessage> BuyAsync(HttpClient shopper, string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { token, quantity = 1 }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return await shopper.SendAsync(request);
    }

    private static string Solve(JsonElement challenge) => ProofOfWorkSolver.Solve(
        challenge.GetProperty("algorithm").GetString()!, challenge.GetProperty("challenge").GetString()!, challenge.GetProperty("maxnumber").GetInt32(),
        challenge.GetProperty("salt").GetString()!, challenge.GetProperty("signature").GetString()!);
}

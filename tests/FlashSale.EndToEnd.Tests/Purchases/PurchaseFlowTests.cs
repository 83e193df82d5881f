using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Purchases;

[Collection(SharedSystem.Name)]
public sealed class PurchaseFlowTests(FlashSaleSystemFixture fixture)
{
    [Fact]
    public async Task A_purchase_through_the_gateway_becomes_an_order_of_its_shopper()
    {
        var system = fixture.System;
        using var admin = system.CreateGatewayClient(TestTokens.Admin());
        using var shopper = system.CreateGatewayClient(TestTokens.Shopper("buyer-1"));
        using var stranger = system.CreateGatewayClient(TestTokens.Shopper("stranger-1"));
        var created = await admin.PostAsJsonAsync("/api/admin/sales", new
        {
            sku = "SKU-FLOW",
            name = "Flow phone",
            price = 9.90m,
            stock = 5,
            startsAt = DateTimeOffset.UtcNow.AddSeconds(-1),
            endsAt = DateTimeOffset.UtcNow.AddHours(1),
            perUserLimit = 2,
        });
        var saleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var issued = await (await shopper.PostAsync($"/api/sales/{saleId}/purchase-token", null)).Content.ReadFromJsonAsync<JsonElement>();
        var token = issued.GetProperty("token").GetString();

        using var purchase = new HttpRequestMessage(HttpMethod.Post, issued.GetProperty("purchaseUrl").GetString())
        {
            Content = JsonContent.Create(new { token, quantity = 2 }),
        };
        purchase.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var accepted = await shopper.SendAsync(purchase);
        var orderId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString();

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal($"/api/orders/{orderId}", accepted.Headers.Location?.OriginalString);

        // Answered from the first poll on (never 404): "pending" while the order is on its way, or
        // already "awaitingPayment" when the order service was quicker than this poll.
        var first = await shopper.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}");
        Assert.True(first.GetProperty("status").GetString() is "pending" or "awaitingPayment", first.ToString());
        Assert.Equal(19.80m, first.GetProperty("amount").GetDecimal());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/orders/{orderId}")).StatusCode);

        var page = await Eventually.HoldsAsync(() => shopper.GetFromJsonAsync<JsonElement>("/api/orders"), p => p.GetProperty("items").GetArrayLength() > 0,
            "the order to be listed");

        var order = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(orderId, order.GetProperty("id").GetString());
        Assert.Equal(saleId, order.GetProperty("saleId").GetString());
        Assert.Equal(2, order.GetProperty("quantity").GetInt32());
        var stock = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sales/{saleId}/stock");
        Assert.Equal(3, stock.GetProperty("availableInCache").GetInt64());
    }
}

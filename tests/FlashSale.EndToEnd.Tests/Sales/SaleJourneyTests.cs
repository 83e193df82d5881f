using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Sales;

[Collection(SharedSystem.Name)]
public sealed class SaleJourneyTests(FlashSaleSystemFixture fixture)
{
    [Fact]
    public async Task An_admin_creates_sales_that_shoppers_see_and_get_tokens_for_only_once_started()
    {
        var system = fixture.System;
        using var admin = system.CreateGatewayClient(TestTokens.Admin());
        using var shopper = system.CreateGatewayClient(TestTokens.Shopper("u-journey"));
        using var anonymous = system.CreateGatewayClient();
        var startsAt = DateTimeOffset.UtcNow.AddHours(1);

        var created = await admin.PostAsJsonAsync("/api/admin/sales", new
        {
            sku = "SKU-E2E",
            name = "Journey phone",
            price = 19.90m,
            stock = 100,
            startsAt,
            endsAt = startsAt.AddHours(1),
            perUserLimit = 1,
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var view = await anonymous.GetFromJsonAsync<JsonElement>($"/api/sales/{id}");
        var list = await anonymous.GetFromJsonAsync<JsonElement>("/api/sales");
        var unknown = await anonymous.GetAsync($"/api/sales/{Random.Shared.NextInt64(1, long.MaxValue)}");
        var tooEarly = await shopper.PostAsync($"/api/sales/{id}/purchase-token", null);
        var asShopper = await shopper.PostAsJsonAsync("/api/admin/sales", new { sku = "X" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("upcoming", view.GetProperty("status").GetString());
        Assert.Equal(19.90m, view.GetProperty("price").GetDecimal());
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tooEarly.StatusCode);
        Assert.Contains("sale-not-started", await tooEarly.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, asShopper.StatusCode);

        // A sale that has started (the exact start and end instants are proven with a fake clock in the
        // inventory tests; through real processes the clock is real).
        var started = await admin.PostAsJsonAsync("/api/admin/sales", new
        {
            sku = "SKU-E2E",
            name = "Journey phone",
            price = 19.90m,
            stock = 100,
            startsAt = DateTimeOffset.UtcNow.AddSeconds(-1),
            endsAt = DateTimeOffset.UtcNow.AddHours(1),
            perUserLimit = 1,
        });
        id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var token = await shopper.PostAsync($"/api/sales/{id}/purchase-token", null);
        var active = await anonymous.GetFromJsonAsync<JsonElement>($"/api/sales/{id}");

        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.StartsWith($"{id}.", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString(), StringComparison.Ordinal);
        Assert.Equal("active", active.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Purchase_tokens_need_a_login_at_the_gateway()
    {
        using var anonymous = fixture.System.CreateGatewayClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/sales/1/purchase-token", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/admin/sales", new { })).StatusCode);
    }
}

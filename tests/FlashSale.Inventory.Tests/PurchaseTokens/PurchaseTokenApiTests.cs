using System.Net;
using System.Net.Http.Json;
using FlashSale.Inventory.PurchaseTokens;
using FlashSale.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Inventory.Tests.PurchaseTokens;

public sealed class PurchaseTokenApiTests(FakeClockInventoryFixture fixture) : IClassFixture<FakeClockInventoryFixture>
{
    [Fact]
    public async Task Tokens_are_issued_exactly_from_the_start_instant_until_the_end_instant()
    {
        var now = fixture.Clock.GetUtcNow();
        var startsAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddMinutes(10);
        var endsAt = startsAt.AddMinutes(30);
        var sale = await fixture.CreateSaleAsync(startsAt, endsAt);
        using var shopper = fixture.Factory.CreateClientFor(TestTokens.Shopper("u-tokens"));
        var url = $"/api/sales/{sale.Id}/purchase-token";

        var early = await shopper.PostAsync(url, null);
        fixture.Clock.SetUtcNow(startsAt.AddMilliseconds(-1));
        var justBefore = await shopper.PostAsync(url, null);
        fixture.Clock.SetUtcNow(startsAt);
        var atStart = await shopper.PostAsync(url, null);
        fixture.Clock.SetUtcNow(endsAt.AddMilliseconds(-1));
        var justBeforeEnd = await shopper.PostAsync(url, null);
        fixture.Clock.SetUtcNow(endsAt);
        var atEnd = await shopper.PostAsync(url, null);

        Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);
        Assert.Contains("sale-not-started", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, justBefore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, atStart.StatusCode);
        Assert.Equal(HttpStatusCode.OK, justBeforeEnd.StatusCode);
        Assert.Equal(endsAt, (await justBeforeEnd.Content.ReadFromJsonAsync<PurchaseToken>())!.ExpiresAt);
        Assert.Equal(HttpStatusCode.Gone, atEnd.StatusCode);
        Assert.Contains("sale-ended", await atEnd.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_issued_token_validates_for_its_user_and_sale_only()
    {
        var now = fixture.Clock.GetUtcNow();
        var sale = await fixture.CreateSaleAsync(now.AddMinutes(-1), now.AddHours(1));
        var other = await fixture.CreateSaleAsync(now.AddMinutes(-1), now.AddHours(1));
        using var shopper = fixture.Factory.CreateClientFor(TestTokens.Shopper("alice"));
        var tokens = fixture.Factory.Services.GetRequiredService<PurchaseTokenService>();
        var saleId = long.Parse(sale.Id, System.Globalization.CultureInfo.InvariantCulture);

        var token = (await (await shopper.PostAsync($"/api/sales/{sale.Id}/purchase-token", null)).Content.ReadFromJsonAsync<PurchaseToken>())!;

        Assert.Equal(TokenCheck.Valid, tokens.Validate(token.Token, "alice", saleId));
        Assert.Equal(TokenCheck.BadSignature, tokens.Validate(token.Token, "bob", saleId));
        Assert.Equal(TokenCheck.OtherSale, tokens.Validate(token.Token, "alice", long.Parse(other.Id, System.Globalization.CultureInfo.InvariantCulture)));
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(TokenCheck.Expired, tokens.Validate(token.Token, "alice", saleId));
    }

    [Fact]
    public async Task Tokens_need_a_login_and_a_real_sale()
    {
        using var anonymous = fixture.Factory.CreateClient();
        using var shopper = fixture.Factory.CreateClientFor(TestTokens.Shopper("u-x"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/sales/1/purchase-token", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await shopper.PostAsync($"/api/sales/{Random.Shared.NextInt64(1, long.MaxValue)}/purchase-token", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await shopper.PostAsync("/api/sales/abc/purchase-token", null)).StatusCode);
    }
}

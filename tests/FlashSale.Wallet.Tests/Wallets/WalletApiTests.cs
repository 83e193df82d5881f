using System.Net;
using System.Net.Http.Json;
using FlashSale.Testing;
using FlashSale.Wallet.Data;
using FlashSale.Wallet.Funds;
using FlashSale.Wallet.Wallets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Wallet.Tests.Wallets;

public sealed class WalletApiTests(WalletServiceFixture fixture) : IClassFixture<WalletServiceFixture>
{
    [Fact]
    public async Task A_wallet_opens_on_first_use_with_the_configured_balance()
    {
        var user = $"u-{Guid.NewGuid():N}";
        using var client = fixture.Factory.CreateClientFor(TestTokens.Shopper(user));

        var wallet = await client.GetFromJsonAsync<WalletResponse>("/api/wallet");
        var again = await client.GetFromJsonAsync<WalletResponse>("/api/wallet");

        Assert.Equal(new WalletResponse(user, WalletServiceFixture.OpeningBalance, 0m, 0m), wallet);
        Assert.Equal(wallet, again);
    }

    [Fact]
    public async Task Concurrent_first_uses_open_exactly_one_wallet_with_one_ledger_entry()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var token = TestTokens.Shopper(user);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var client = fixture.Factory.CreateClientFor(token);
            return await client.GetFromJsonAsync<WalletResponse>("/api/wallet");
        }));

        Assert.All(responses, r => Assert.Equal(WalletServiceFixture.OpeningBalance, r!.Balance));
        var (wallets, entries) = await CountAsync(user);
        Assert.Equal(1, wallets);
        Assert.Single(entries);
        Assert.Equal(LedgerEntryKind.Opened, entries[0].Kind);
    }

    [Fact]
    public async Task Concurrent_credits_all_count_and_the_ledger_explains_the_balance()
    {
        var user = $"u-{Guid.NewGuid():N}";
        using var admin = fixture.Factory.CreateClientFor(TestTokens.Admin());

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ =>
            admin.PostAsJsonAsync($"/api/admin/wallets/{user}/credit", new { amount = 1.25m })));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        using var shopper = fixture.Factory.CreateClientFor(TestTokens.Shopper(user));
        var wallet = await shopper.GetFromJsonAsync<WalletResponse>("/api/wallet");
        Assert.Equal(WalletServiceFixture.OpeningBalance + 37.50m, wallet!.Balance);
        var (_, entries) = await CountAsync(user);
        Assert.Equal(31, entries.Count);
        Assert.Equal(wallet.Balance, entries.Sum(e => e.Amount));
        Assert.Equal(wallet.Balance, entries.MaxBy(e => e.Id)!.BalanceAfter);
    }

    [Fact]
    public async Task Only_an_admin_can_credit_a_wallet()
    {
        var user = $"u-{Guid.NewGuid():N}";
        using var shopper = fixture.Factory.CreateClientFor(TestTokens.Shopper(user));

        var response = await shopper.PostAsJsonAsync($"/api/admin/wallets/{user}/credit", new { amount = 10m });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal((0, 0), await CountEntriesAsync(user));
    }

    [Theory]
    [InlineData("""{"amount":0}""", "amount")]
    [InlineData("""{"amount":-5}""", "amount")]
    [InlineData("""{"amount":1.005}""", "amount")]
    [InlineData("""{"amount":100000000}""", "amount")]
    [InlineData("""{}""", "amount")]
    [InlineData("""{"amount":"lots"}""", "amount")]
    [InlineData("""{"amount":""", "")]
    public async Task Bad_credits_are_400_problems_and_change_nothing(string body, string field)
    {
        var user = $"u-{Guid.NewGuid():N}";
        using var admin = fixture.Factory.CreateClientFor(TestTokens.Admin());

        var response = await admin.PostAsync($"/api/admin/wallets/{user}/credit",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((0, 0), await CountEntriesAsync(user));
    }

    [Fact]
    public async Task The_wallet_shows_what_is_spendable_frozen_and_spent()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var (paid, pending) = (WalletServiceFixture.NewOrderId(), WalletServiceFixture.NewOrderId());
        await fixture.TryAsync(paid, user, 100m);
        await fixture.ConfirmAsync(paid);
        await fixture.TryAsync(pending, user, 20.5m);
        using var client = fixture.Factory.CreateClientFor(TestTokens.Shopper(user));

        var json = await client.GetStringAsync("/api/wallet");

        Assert.Equal($$"""{"userId":"{{user}}","balance":129.50,"frozen":20.50,"spent":100.00}""", json);
    }

    [Fact]
    public async Task An_admin_reads_any_wallet_without_opening_one()
    {
        var (user, nobody) = ($"u-{Guid.NewGuid():N}", $"u-{Guid.NewGuid():N}");
        await fixture.CreditAsync(user, 5m);
        using var admin = fixture.Factory.CreateClientFor(TestTokens.Admin());
        using var shopper = fixture.Factory.CreateClientFor(TestTokens.Shopper(user));

        var wallet = await admin.GetFromJsonAsync<WalletResponse>($"/api/admin/wallets/{user}");
        var missing = await admin.GetAsync($"/api/admin/wallets/{nobody}");
        var forbidden = await shopper.GetAsync($"/api/admin/wallets/{user}");

        Assert.Equal(new WalletResponse(user, WalletServiceFixture.OpeningBalance + 5m, 0m, 0m), wallet);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("wallet-not-found", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((0, 0), await CountEntriesAsync(nobody));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task An_admin_pages_through_a_users_freezes_newest_order_first()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var orders = Enumerable.Range(0, 3).Select(_ => WalletServiceFixture.NewOrderId()).ToList();
        await fixture.TryAsync(orders[0], user, 10m, paymentId: 501);
        await fixture.ConfirmAsync(orders[0]);
        await fixture.TryAsync(orders[1], user, 1000m, paymentId: 502);
        await fixture.CancelAsync(orders[2], user);
        using var admin = fixture.Factory.CreateClientFor(TestTokens.Admin());

        var first = await admin.GetFromJsonAsync<FreezePage>($"/api/admin/wallets/{user}/freezes?limit=2");
        var second = await admin.GetFromJsonAsync<FreezePage>($"/api/admin/wallets/{user}/freezes?limit=2&before={first!.NextBefore}");

        Assert.Equal(
            [(Id(orders[2]), "cancelled", null, 0m), (Id(orders[1]), "refused", "502", 1000m)],
            first.Items.Select(f => (f.OrderId, f.Status, f.PaymentId, f.Amount)));
        Assert.Equal("insufficient-funds", first.Items[1].RefusalReason);
        var charged = Assert.Single(second!.Items);
        Assert.Equal((Id(orders[0]), "charged", "501", 10m), (charged.OrderId, charged.Status, charged.PaymentId, charged.Amount));
        Assert.NotNull(charged.ChargedAt);
        Assert.Null(second.NextBefore);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("before=abc", "before")]
    [InlineData("before=-1", "before")]
    public async Task Bad_freeze_queries_are_400_problems(string query, string field)
    {
        using var admin = fixture.Factory.CreateClientFor(TestTokens.Admin());

        var response = await admin.GetAsync($"/api/admin/wallets/u-1/freezes?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Id(long orderId) => orderId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(int Wallets, List<LedgerEntry> Entries)> CountAsync(string user)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WalletDbContext>();
        return (await db.Wallets.CountAsync(w => w.UserId == user), await db.Ledger.Where(e => e.UserId == user).ToListAsync());
    }

    private async Task<(int Wallets, int Entries)> CountEntriesAsync(string user)
    {
        var (wallets, entries) = await CountAsync(user);
        return (wallets, entries.Count);
    }
}

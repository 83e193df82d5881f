using System.Net;
using System.Net.Http.Json;
using FlashSale.Testing;
using FlashSale.Wallet.Data;
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

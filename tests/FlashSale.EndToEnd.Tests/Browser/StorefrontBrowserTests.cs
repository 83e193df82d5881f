using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Browser;

/// <summary>
/// The storefront of gateway/FlashSale.Gateway/wwwroot in headless Chromium against the running system: a shopper
/// signs in, sees the page solve the sale's proof-of-work human check during the countdown, double-clicks buy at
/// the start (the solution goes with the token request, the purchase to the purchaseUrl given with the token), sees
/// the order awaiting payment, pays from the wallet and sees it paid; a second shopper finds the one unit sold out;
/// the sale monitor, open all along as an admin, shows the sale's numbers moving (tests/browser/storefront.mjs does
/// the clicking).
/// </summary>
[Collection(SharedSystem.Name)]
public sealed class StorefrontBrowserTests(FlashSaleSystemFixture fixture)
{
    private const decimal Price = 12.50m;

    /// <summary>The development issuer's admin key (gateway/FlashSale.Gateway/appsettings.Development.json).</summary>
    private const string DevAdminKey = "dev-admin-key";

    /// <summary>An easy proof of work (the lowest bound is 1,000): solved in well under a second in the browser.</summary>
    private const int HumanCheckMaxNumber = 20_000;

    [Fact]
    public async Task A_shopper_buys_and_pays_in_the_browser_and_the_next_one_finds_it_sold_out()
    {
        var system = fixture.System;
        var run = Guid.NewGuid().ToString("N")[..8];
        var (buyer, latecomer) = ($"browser-{run}-a", $"browser-{run}-b");
        var saleId = await CreateProofOfWorkSaleAsync(system, $"BROWSER-{run}", startsIn: TimeSpan.FromSeconds(15));

        var seen = await BrowserScript.RunAsync("storefront.mjs", TimeSpan.FromMinutes(3),
            system.Gateway.BaseAddress.ToString().TrimEnd('/'), saleId, buyer, latecomer, DevAdminKey, BrowserScript.ScreenshotDirectory);

        Assert.StartsWith("Opens in", seen.GetProperty("countdownBeforeStart").GetString());
        Assert.True(seen.GetProperty("buyDisabledBeforeStart").GetBoolean(), "the buy button was clickable before the start");
        var humanCheck = seen.GetProperty("humanCheckBeforeStart");
        Assert.StartsWith("Human check: done in", humanCheck.GetProperty("text").GetString());
        Assert.StartsWith("Opens in", humanCheck.GetProperty("countdown").GetString());
        Assert.True(humanCheck.GetProperty("buyDisabled").GetBoolean(), "the buy button was clickable before the start, once the check was solved");
        Assert.StartsWith("Open now", seen.GetProperty("countdownAtStart").GetString());
        Assert.Equal("paid", seen.GetProperty("finalStatus").GetString());
        var statuses = seen.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.True(statuses.IndexOf("awaitingPayment") >= 0 && statuses.IndexOf("awaitingPayment") < statuses.IndexOf("paid"),
            $"the page showed {string.Join(" → ", statuses)}");
        Assert.Equal(seen.GetProperty("walletBefore").GetDecimal() - Price, seen.GetProperty("walletAfter").GetDecimal());
        Assert.Contains("sold out", seen.GetProperty("latecomerMessage").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(seen.GetProperty("latecomerBuyDisabled").GetBoolean(), "the latecomer's buy button stayed clickable on a sold-out sale");

        var before = seen.GetProperty("monitorBefore");
        var after = seen.GetProperty("monitorAfter");
        Assert.Equal(("0", "0"), (before.GetProperty("accepted").GetString(), before.GetProperty("sold").GetString()));
        Assert.Equal(("1", "1", "0"), (after.GetProperty("accepted").GetString(), after.GetProperty("sold").GetString(),
            after.GetProperty("availableInCache").GetString()));
        Assert.True(after.GetProperty("samples").GetInt32() >= 5, $"the monitor drew {after.GetProperty("samples")} samples");
        Assert.Equal(4, after.GetProperty("charts").GetInt32());
        Assert.Equal(4, after.GetProperty("services").GetInt32());

        // The double click made one order, and it is the one the page followed.
        using var client = system.CreateGatewayClient(TestTokens.Shopper(buyer));
        var orders = await client.GetFromJsonAsync<JsonElement>("/api/orders");
        var ofSale = orders.GetProperty("items").EnumerateArray().Where(o => o.GetProperty("saleId").GetString() == saleId).ToList();
        var order = Assert.Single(ofSale);
        Assert.Equal(seen.GetProperty("orderId").GetString(), order.GetProperty("id").GetString());
        Assert.Equal("paid", order.GetProperty("status").GetString());
    }

    /// <summary>One unit, one per shopper, opening after <paramref name="startsIn"/>, with a proof-of-work human check.</summary>
    private static async Task<string> CreateProofOfWorkSaleAsync(FlashSaleSystem system, string sku, TimeSpan startsIn)
    {
        using var admin = system.CreateGatewayClient(TestTokens.Admin());
        var created = await admin.PostAsJsonAsync("/api/admin/sales", new
        {
            sku,
            name = $"{sku} end-to-end",
            price = Price,
            stock = 1,
            startsAt = DateTimeOffset.UtcNow.Add(startsIn),
            endsAt = DateTimeOffset.UtcNow.AddHours(1),
            perUserLimit = 1,
            humanCheck = "proof-of-work",
            humanCheckMaxNumber = HumanCheckMaxNumber,
        });
        created.EnsureSuccessStatusCode();
        var saleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // What the storefront reads to decide it must solve a challenge before the start.
        using var anonymous = system.CreateGatewayClient();
        var sale = await anonymous.GetFromJsonAsync<JsonElement>($"/api/sales/{saleId}");
        Assert.Equal("proof-of-work", sale.GetProperty("humanCheck").GetString());
        Assert.Equal(HumanCheckMaxNumber, sale.GetProperty("humanCheckMaxNumber").GetInt32());
        return saleId;
    }
}

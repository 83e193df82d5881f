using System.Net;
using FlashSale.Testing;
using static FlashSale.Gateway.Tests.Shoppers;

namespace FlashSale.Gateway.Tests.RateLimiting;

public sealed class ClientIpLimitTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const int PerClientIpLimit = 3;

    private ServiceFactory<Program> GatewayWithIpLimit() => fixture.CreateGateway(new Dictionary<string, string?>
    {
        ["RateLimiting:Purchases:PerClientIp:PermitLimit"] = $"{PerClientIpLimit}",
    });

    [Fact]
    public async Task Many_accounts_from_one_address_share_its_limit_and_other_addresses_are_not_affected()
    {
        await using var gateway = GatewayWithIpLimit();
        var sale = NewSaleId();
        var accounts = Enumerable.Range(0, PerClientIpLimit * 2).Select(_ => Client(gateway, NewUserId(), "203.0.113.7")).ToList();
        using var elsewhere = Client(gateway, NewUserId(), "198.51.100.20");

        var fromOneAddress = await Task.WhenAll(accounts.Select(a => PurchaseAsync(a, sale)));
        var fromAnother = await PurchaseAsync(elsewhere, sale);

        Assert.Equal(PerClientIpLimit, Accepted(fromOneAddress));
        foreach (var refused in fromOneAddress.Where(r => r.StatusCode != HttpStatusCode.Accepted))
        {
            await AssertRateLimitedAsync(refused, "per-client-ip", TimeSpan.FromMinutes(1));
        }

        Assert.Equal(HttpStatusCode.Accepted, fromAnother.StatusCode);
        accounts.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task Addresses_of_one_IPv6_64_network_count_as_one_client()
    {
        await using var gateway = GatewayWithIpLimit();
        var sale = NewSaleId();
        var rotating = Enumerable.Range(1, PerClientIpLimit + 2).Select(i => Client(gateway, NewUserId(), $"2001:db8:1:2::{i:x}")).ToList();
        using var neighbour = Client(gateway, NewUserId(), "2001:db8:1:3::1");

        var responses = await Task.WhenAll(rotating.Select(c => PurchaseAsync(c, sale)));
        var fromNeighbour = await PurchaseAsync(neighbour, sale);

        Assert.Equal(PerClientIpLimit, Accepted(responses));
        Assert.Equal(HttpStatusCode.Accepted, fromNeighbour.StatusCode);
        rotating.ForEach(c => c.Dispose());
    }
}

using System.Net;
using FlashSale.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static FlashSale.Gateway.Tests.Shoppers;

namespace FlashSale.Gateway.Tests.Routing;

/// <summary>
/// Behind the edge the per-client-IP limit counts the address in X-Forwarded-For, but only when the edge sent it
/// (Gateway:TrustedProxies); from anyone else the header changes nothing.
/// </summary>
public sealed class TrustedProxyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Edge = "10.9.9.9";
    private const int PerClientIp = 2;

    [Fact]
    public async Task The_trusted_edge_names_each_client_and_each_gets_its_own_limit()
    {
        var accepted = await PurchasesAsync(from: Edge, clients: 4, each: PerClientIp);
        Assert.Equal(4 * PerClientIp, accepted);
    }

    [Fact]
    public async Task Anyone_else_naming_clients_in_the_header_is_still_counted_as_itself()
    {
        var accepted = await PurchasesAsync(from: "10.8.8.8", clients: 4, each: PerClientIp);
        Assert.Equal(PerClientIp, accepted);
    }

    private async Task<int> PurchasesAsync(string from, int clients, int each)
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["Gateway:TrustedProxies"] = Edge,
            ["RateLimiting:Purchases:PerClientIp:PermitLimit"] = $"{PerClientIp}",
            ["RateLimiting:Purchases:PerSale:PermitLimit"] = "1000000",
        });
        var sale = NewSaleId();
        var accepted = 0;
        for (var client = 0; client < clients; client++)
        {
            for (var i = 0; i < each; i++)
            {
                using var shopper = Client(gateway, NewUserId(), clientAddress: from);
                shopper.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{client + 1}");
                using var response = await PurchaseAsync(shopper, sale);
                accepted += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
            }
        }

        return accepted;
    }
}

using System.Net;
using System.Net.Http.Json;
using FlashSale.Testing;

namespace FlashSale.Gateway.Tests.Edge;

/// <summary>
/// The edge (tools/FlashSale.Edge) as a real process in front of two gateway stand-ins: it spreads requests over
/// both, and when one stops, no request fails.
/// </summary>
public sealed class EdgeTests : IAsyncLifetime
{
    private FakeDownstream _first = null!;
    private FakeDownstream _second = null!;
    private readonly List<HostProcess> _processes = [];

    private HostProcess Edge => _processes[0];

    public async Task InitializeAsync()
    {
        _first = await FakeDownstream.StartAsync();
        _second = await FakeDownstream.StartAsync();
        _processes.Add(new HostProcess("edge", "tools/FlashSale.Edge", new Dictionary<string, string?>
        {
            ["Edge:Gateways"] = $"{_first.BaseAddress};{_second.BaseAddress}",
        }));
        Edge.Start();
        await Edge.WaitUntilHealthyAsync("/edge/live");
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task Requests_are_spread_over_the_gateways_and_one_stopping_fails_none()
    {
        using var http = new HttpClient { BaseAddress = Edge.BaseAddress };
        var sale = Shoppers.NewSaleId();

        var before = await PurchasesAsync(http, sale, 40);
        Assert.All(before, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.True(_first.PurchasesReceived(sale) > 0 && _second.PurchasesReceived(sale) > 0,
            $"both gateways get requests ({_first.PurchasesReceived(sale)} and {_second.PurchasesReceived(sale)})");

        await _second.DisposeAsync();
        var after = await PurchasesAsync(http, sale, 40);
        Assert.All(after, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
    }

    private static Task<HttpStatusCode[]> PurchasesAsync(HttpClient http, string sale, int count) =>
        Shoppers.StatusesAsync(count, () => http.PostAsJsonAsync($"/api/sales/{sale}/purchases/address", new { token = "t", quantity = 1 }));
}

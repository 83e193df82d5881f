using System.Net;
using FlashSale.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;
using static FlashSale.Gateway.Tests.Shoppers;

namespace FlashSale.Gateway.Tests.Routing;

/// <summary>
/// Each service behind the gateway as several replicas (Services:inventory = "a;b"): requests are spread over the
/// live ones, a request that cannot reach a dead one goes to another, and the dead one is dropped within seconds.
/// </summary>
public sealed class ServiceReplicaTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _resources = [];
    private TestScope _scope = null!;
    private FakeDownstream _first = null!;
    private FakeDownstream _second = null!;

    public async Task InitializeAsync()
    {
        _scope = await TestScope.CreateAsync();
        _first = await FakeDownstream.StartAsync();
        _second = await FakeDownstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var resource in _resources)
        {
            await resource.DisposeAsync();
        }

        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _scope.DisposeAsync();
    }

    [Fact]
    public async Task A_dead_replica_costs_no_purchase_and_is_marked_unhealthy_within_seconds()
    {
        var dead = new Uri($"http://127.0.0.1:{HostProcess.FreePort()}");
        var gateway = Gateway($"{dead};{_first.BaseAddress}");
        var sale = NewSaleId();

        var answers = await PurchasesAsync(gateway, sale, 30);

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.Equal(30, _first.PurchasesReceived(sale));
        var proxy = gateway.Services.GetRequiredService<IProxyStateLookup>();
        await Eventually.HoldsAsync(() => HealthOf(proxy, "inventory", dead) == DestinationHealth.Unhealthy,
            "the active probe to mark the dead replica unhealthy", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Live_replicas_share_the_load_and_one_stopping_costs_no_purchase()
    {
        var gateway = Gateway($"{_first.BaseAddress};{_second.BaseAddress}");
        var sale = NewSaleId();
        var before = await PurchasesAsync(gateway, sale, 40);
        Assert.All(before, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.True(_first.PurchasesReceived(sale) > 0 && _second.PurchasesReceived(sale) > 0,
            $"both replicas get purchases ({_first.PurchasesReceived(sale)} and {_second.PurchasesReceived(sale)})");

        await _second.DisposeAsync();
        var after = await PurchasesAsync(gateway, sale, 40);

        Assert.All(after, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.Equal(80, _first.PurchasesReceived(sale) + _second.PurchasesReceived(sale));
    }

    private ServiceFactory<Program> Gateway(string replicas)
    {
        var settings = GatewayFixture.TestLimits();
        settings["RateLimiting:Purchases:PerSale:PermitLimit"] = "1000000";
        foreach (var name in FlashSale.Gateway.Routing.DownstreamServices.Names)
        {
            settings[$"Services:{name}"] = replicas;
        }

        var gateway = new ServiceFactory<Program>(_scope, "gateway", settings, services => services.AddTransient<IStartupFilter, TestClientAddress>());
        _resources.Add(gateway);
        return gateway;
    }

    private static async Task<HttpStatusCode[]> PurchasesAsync(ServiceFactory<Program> gateway, string sale, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            using var shopper = Client(gateway, NewUserId());
            using var response = await PurchaseAsync(shopper, sale);
            return response.StatusCode;
        }));

    private static DestinationHealth HealthOf(IProxyStateLookup proxy, string cluster, Uri replica) =>
        proxy.TryGetCluster(cluster, out var state)
            ? state.Destinations.Values.Single(d => new Uri(d.Model.Config.Address) == replica).Health.Active
            : throw new InvalidOperationException($"No cluster {cluster}.");
}

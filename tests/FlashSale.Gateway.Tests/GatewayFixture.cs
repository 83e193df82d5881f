using FlashSale.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Gateway.Tests;

/// <summary>
/// Two gateway replicas in-process on one <see cref="TestScope"/> (so on one Redis key prefix, like two
/// pods on one Redis), in front of one <see cref="FakeDownstream"/>. Windows are a minute long so a
/// test's burst always falls inside one window; the client-IP limit is out of the way (every in-process
/// request shares one empty address) unless a test sets it.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const int PerUserLimit = 5;
    public const int PerSaleLimit = 20;
    public const int PurchaseTokenPerUserLimit = 8;

    private TestScope? _scope;
    private FakeDownstream? _downstream;
    private readonly List<ServiceFactory<Program>> _replicas = [];

    public TestScope Scope => _scope ?? throw new InvalidOperationException("The fixture is not initialised.");
    public FakeDownstream Downstream => _downstream ?? throw new InvalidOperationException("The fixture is not initialised.");
    public ServiceFactory<Program> ReplicaA => _replicas[0];
    public ServiceFactory<Program> ReplicaB => _replicas[1];

    public static Dictionary<string, string?> TestLimits() => new()
    {
        ["RateLimiting:Purchases:PerUser:PermitLimit"] = $"{PerUserLimit}",
        ["RateLimiting:Purchases:PerUser:Window"] = "00:01:00",
        ["RateLimiting:Purchases:PerClientIp:PermitLimit"] = "1000000",
        ["RateLimiting:Purchases:PerClientIp:Window"] = "00:01:00",
        ["RateLimiting:Purchases:PerSale:PermitLimit"] = $"{PerSaleLimit}",
        ["RateLimiting:Purchases:PerSale:Window"] = "00:01:00",
        ["RateLimiting:PurchaseToken:PerUser:PermitLimit"] = $"{PurchaseTokenPerUserLimit}",
        ["RateLimiting:PurchaseToken:PerUser:Window"] = "00:01:00",
        ["RateLimiting:PurchaseToken:PerClientIp:PermitLimit"] = "1000000",
        // Many hosts start at once on a small CI box: a slow first answer must not look like a Redis outage
        // (that fallback has its own test, RedisOutageTests).
        ["RateLimiting:RedisTimeout"] = "00:00:05",
    };

    public async Task InitializeAsync()
    {
        _scope = await TestScope.CreateAsync();
        _downstream = await FakeDownstream.StartAsync();
        foreach (var _ in new[] { "a", "b" })
        {
            var replica = CreateGateway();
            // Starts the host before the first test, as ServiceFixture does.
            replica.CreateClient().Dispose();
            _replicas.Add(replica);
        }
    }

    /// <summary>Another gateway on this fixture's scope and downstream; <paramref name="settings"/> override the test limits.</summary>
    public ServiceFactory<Program> CreateGateway(IDictionary<string, string?>? settings = null)
    {
        var overrides = TestLimits();
        foreach (var (key, value) in Downstream.ServiceSettings().Concat(settings ?? new Dictionary<string, string?>()))
        {
            overrides[key] = value;
        }

        return new ServiceFactory<Program>(Scope, "gateway", overrides, services => services.AddTransient<IStartupFilter, TestClientAddress>());
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        if (_downstream is not null)
        {
            await _downstream.DisposeAsync();
        }

        if (_scope is not null)
        {
            await _scope.DisposeAsync();
        }
    }
}

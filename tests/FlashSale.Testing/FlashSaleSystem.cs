namespace FlashSale.Testing;

/// <summary>
/// The whole system as real processes: the four services and the gateway in front of them, on free
/// ports, inside one <see cref="TestScope"/>. For end-to-end tests through the gateway. With replicas, each service
/// runs that many instances (one database, one virtual host: competing consumers) and the gateway spreads over them.
/// </summary>
public sealed class FlashSaleSystem : IAsyncDisposable
{
    public static readonly IReadOnlyDictionary<string, string> ServiceProjects = new Dictionary<string, string>
    {
        ["inventory"] = "services/inventory/FlashSale.Inventory",
        ["order"] = "services/order/FlashSale.Order",
        ["payment"] = "services/payment/FlashSale.Payment",
        ["wallet"] = "services/wallet/FlashSale.Wallet",
    };

    private FlashSaleSystem(TestScope scope, Dictionary<string, List<HostProcess>> replicas, HostProcess gateway)
    {
        Scope = scope;
        Replicas = replicas.ToDictionary(r => r.Key, r => (IReadOnlyList<HostProcess>)r.Value);
        Services = replicas.ToDictionary(r => r.Key, r => r.Value[0]);
        Gateway = gateway;
    }

    public TestScope Scope { get; }

    /// <summary>The first instance of each service.</summary>
    public IReadOnlyDictionary<string, HostProcess> Services { get; }

    /// <summary>Every instance of each service.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<HostProcess>> Replicas { get; }
    public HostProcess Gateway { get; }

    public static async Task<FlashSaleSystem> StartAsync(IDictionary<string, string?>? extraSettings = null, int replicas = 1)
    {
        var scope = await TestScope.CreateAsync();
        var replicaSets = new Dictionary<string, List<HostProcess>>();
        foreach (var (name, project) in ServiceProjects)
        {
            var settings = scope.SettingsFor(name);
            Merge(settings, extraSettings);
            replicaSets[name] = Enumerable.Range(1, replicas).Select(i => new HostProcess(i == 1 ? name : $"{name}-{i}", project, settings)).ToList();
        }

        // Every instance of a service in one setting, ';'-separated (the gateway's and the order service's replica lists).
        var addresses = replicaSets.ToDictionary(s => $"Services:{s.Key}",
            s => (string?)string.Join(';', s.Value.Select(h => h.BaseAddress.ToString().TrimEnd('/'))));
        var services = replicaSets.Values.SelectMany(r => r).ToList();
        foreach (var host in services)
        {
            host.AddSettings(addresses);
        }

        // The gateway keeps its rate limit counters in the scope's Redis, under the scope's key prefix.
        // Every test shopper comes from 127.0.0.1, so the per-IP limits are lifted; per user and per sale stay.
        var gatewaySettings = new Dictionary<string, string?>(addresses)
        {
            ["Redis:Configuration"] = scope.Servers.Redis,
            ["Redis:KeyPrefix"] = scope.RedisKeyPrefix,
            ["RateLimiting:Purchases:PerClientIp:PermitLimit"] = "1000000",
            ["RateLimiting:PurchaseToken:PerClientIp:PermitLimit"] = "1000000",
        };

        Merge(gatewaySettings, extraSettings);
        var gateway = new HostProcess("gateway", "gateway/FlashSale.Gateway", gatewaySettings);
        var system = new FlashSaleSystem(scope, replicaSets, gateway);
        try
        {
            foreach (var host in services.Append(gateway))
            {
                host.Start();
            }

            await Task.WhenAll(services.Append(gateway).Select(h => h.WaitUntilHealthyAsync()));
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until nothing is on its way between the services (<see cref="SagaQuiet"/>): every outbox sent, every queue empty.</summary>
    public Task WaitUntilQuietAsync(TimeSpan? timeout = null) => SagaQuiet.WaitAsync(Scope, Services.Keys, timeout: timeout);

    public HttpClient CreateGatewayClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        foreach (var host in Replicas.Values.SelectMany(r => r))
        {
            await host.DisposeAsync();
        }

        await Scope.DisposeAsync();
    }

    private static void Merge(Dictionary<string, string?> target, IDictionary<string, string?>? extra)
    {
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            target[key] = value;
        }
    }
}

using System.Net.Http.Headers;
using System.Text.Json;
using FlashSale.Testing;

namespace FlashSale.Wallet.Tests.Ids;

/// <summary>
/// Two wallet processes on the real servers lease their snowflake worker ids from Redis: never the same one, also
/// when one is SIGKILLed and started again on the same port (its old lease has not lapsed yet).
/// </summary>
public sealed class WorkerIdReplicaTests : IAsyncLifetime
{
    private readonly List<HostProcess> _hosts = [];
    private TestScope _scope = null!;

    public async Task InitializeAsync() => _scope = await TestScope.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await _scope.DisposeAsync();
    }

    [Fact]
    public async Task Two_replicas_never_share_a_worker_id_even_after_one_restarts_on_its_port()
    {
        var first = await StartAsync();
        var second = await StartAsync();
        var firstId = await WorkerIdAsync(first);
        var secondId = await WorkerIdAsync(second);
        Assert.NotEqual(firstId, secondId);

        await first.KillAsync();
        var restarted = await StartAsync(first.Port);
        var restartedId = await WorkerIdAsync(restarted);
        Assert.NotEqual(secondId, restartedId);
        Assert.NotEqual(firstId, restartedId);
    }

    private async Task<HostProcess> StartAsync(int? port = null)
    {
        var host = new HostProcess("wallet", "services/wallet/FlashSale.Wallet", _scope.SettingsFor("wallet"), port);
        _hosts.Add(host);
        host.Start();
        await host.WaitUntilHealthyAsync();
        return host;
    }

    /// <summary>The worker id the host reports in its readiness check (details are shown to admins only).</summary>
    private static async Task<int> WorkerIdAsync(HostProcess host)
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Admin());
        using var health = JsonDocument.Parse(await http.GetStringAsync("/health/ready"));
        var description = health.RootElement.GetProperty("checks").GetProperty("worker-id").GetProperty("description").GetString();
        Assert.StartsWith("worker id ", description);
        return int.Parse(description!["worker id ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}

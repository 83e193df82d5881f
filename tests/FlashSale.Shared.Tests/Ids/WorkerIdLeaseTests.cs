using FlashSale.BuildingBlocks.Ids;
using FlashSale.ServiceDefaults.Caching;
using FlashSale.ServiceDefaults.Ids;
using FlashSale.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Shared.Tests.Ids;

/// <summary>Worker id leases on the real Redis: unique among live instances, given up when taken over, refused without Redis.</summary>
public sealed class WorkerIdLeaseTests : IAsyncLifetime
{
    private static readonly IdGeneratorOptions FastLeases = new()
    {
        LeaseTtl = TimeSpan.FromSeconds(3),
        LeaseRenewInterval = TimeSpan.FromMilliseconds(200),
        LeaseWait = TimeSpan.FromSeconds(10),
    };

    private readonly string _prefix = $"lease-test-{Guid.NewGuid():N}:";
    private readonly List<WorkerIdLease> _leases = [];
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() =>
        _redis = await ConnectionMultiplexer.ConnectAsync((await TestServers.GetAsync()).Redis);

    public async Task DisposeAsync()
    {
        foreach (var lease in _leases)
        {
            await StopAsync(lease);
        }

        var server = _redis.GetServers()[0];
        await foreach (var key in server.KeysAsync(pattern: _prefix + "*"))
        {
            await _redis.GetDatabase().KeyDeleteAsync(key);
        }

        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Live_instances_of_one_service_never_hold_the_same_worker_id_even_after_restarts()
    {
        var running = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => StartAsync()));
        var ids = running.Select(WorkerIdOf).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());

        // Two instances restart at once (a crash and a redeploy on the same ports): the newcomers get ids no live
        // instance holds, and not the ids the stopped ones held either (those stay reserved until their leases lapse).
        await StopAsync(running[0]);
        await StopAsync(running[1]);
        var restarted = await Task.WhenAll(StartAsync(), StartAsync());
        var live = running.Skip(2).Concat(restarted).Select(WorkerIdOf).ToList();
        Assert.Equal(live.Count, live.Distinct().Count());
        Assert.DoesNotContain(ids[0], restarted.Select(WorkerIdOf));
        Assert.DoesNotContain(ids[1], restarted.Select(WorkerIdOf));

        // And every id any of them issues carries its own worker id.
        foreach (var lease in running.Skip(2).Concat(restarted))
        {
            Assert.Equal(WorkerIdOf(lease), SnowflakeId.Decompose(lease.NextId()).WorkerId);
        }
    }

    [Fact]
    public async Task An_instance_whose_worker_id_was_taken_over_stops_using_it_and_leases_another()
    {
        var lease = await StartAsync();
        var original = WorkerIdOf(lease);
        var key = $"{_prefix}ids:worker:{Environment().ApplicationName}:{original}";
        await _redis.GetDatabase().StringSetAsync(key, "another-instance", TimeSpan.FromMinutes(1));

        var next = await Eventually.HoldsAsync(() => Task.FromResult(lease.WorkerId), id => id is { } n && n != original,
            "the instance to lease another worker id", TimeSpan.FromSeconds(15));
        Assert.Equal(next, SnowflakeId.Decompose(lease.NextId()).WorkerId);
        Assert.Equal("another-instance", (string?)await _redis.GetDatabase().StringGetAsync(key));
    }

    [Fact]
    public async Task Without_a_reachable_Redis_no_lease_is_granted_and_ids_are_refused()
    {
        var unreachable = ConfigurationOptions.Parse($"127.0.0.1:{HostProcess.FreePort()}");
        unreachable.AbortOnConnectFail = false;
        unreachable.ConnectTimeout = 200;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(unreachable);
        var options = new IdGeneratorOptions { LeaseWait = TimeSpan.FromMilliseconds(500) };
        var lease = new WorkerIdLease(redis, Options.Create(new RedisOptions { KeyPrefix = _prefix }), Options.Create(options),
            Environment(), TimeProvider.System, NullLogger<WorkerIdLease>.Instance);
        await lease.StartAsync(CancellationToken.None);
        try
        {
            Assert.Throws<WorkerIdUnavailableException>(() => lease.NextId());
            Assert.Null(lease.WorkerId);
        }
        finally
        {
            await StopAsync(lease);
        }
    }

    private async Task<WorkerIdLease> StartAsync()
    {
        var lease = new WorkerIdLease(_redis, Options.Create(new RedisOptions { KeyPrefix = _prefix }), Options.Create(FastLeases),
            Environment(), TimeProvider.System, NullLogger<WorkerIdLease>.Instance);
        _leases.Add(lease);
        await lease.StartAsync(CancellationToken.None);
        lease.NextId(); // waits for the lease
        return lease;
    }

    private static async Task StopAsync(WorkerIdLease lease)
    {
        await lease.StopAsync(CancellationToken.None);
        lease.Dispose();
    }

    private static int WorkerIdOf(WorkerIdLease lease) =>
        lease.WorkerId ?? throw new InvalidOperationException("The instance holds no worker id.");

    private static HostingEnvironment Environment() => new HostingEnvironment { ApplicationName = "FlashSale.LeaseTest" };
}

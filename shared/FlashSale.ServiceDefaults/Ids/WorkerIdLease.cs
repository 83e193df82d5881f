using System.Globalization;
using FlashSale.BuildingBlocks.Ids;
using FlashSale.ServiceDefaults.Caching;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.ServiceDefaults.Ids;

/// <summary>
/// Snowflake ids with a worker id leased from Redis, so any number of instances of one service (replicas, an
/// autoscaler, a restart that reuses a port) never share one. A free id is taken with SET NX and a time to live,
/// then renewed every <see cref="IdGeneratorOptions.LeaseRenewInterval"/>.
/// Why it is safe: an instance issues ids only while its last successful renewal is younger than 4/5 of the
/// lease's time to live, so it stops before Redis can let the key expire and hand the id to someone else. The one
/// gap is a crash that loses the key's very last write (Redis appends to its AOF every second): a newcomer could
/// then take the id while the holder still believes in it. The holder finds out at its next renewal and stops,
/// and a newcomer waits longer than one renewal interval after taking an id before using it, so the two never
/// issue ids at the same time.
/// </summary>
public sealed class WorkerIdLease(
    IConnectionMultiplexer redis,
    IOptions<RedisOptions> redisOptions,
    IOptions<IdGeneratorOptions> options,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<WorkerIdLease> logger) : BackgroundService, IIdGenerator, IHealthCheck
{
    private static readonly string RenewScript = LuaScripts.Load<WorkerIdLease>("worker-id-renew");

    // Leases run on the real clock whatever the host's TimeProvider says (tests freeze that one to test business
    // rules); only the ids' timestamps follow the host's clock.
    private static readonly TimeProvider LeaseClock = TimeProvider.System;

    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly ManualResetEventSlim _valid = new(false);
    private volatile Lease? _lease;

    private sealed record Lease(int WorkerId, SnowflakeIdGenerator Generator, long ValidUntil);

    /// <summary>The worker id this instance holds, if it holds a valid one.</summary>
    public int? WorkerId => IsValid(_lease) ? _lease!.WorkerId : null;

    public long NextId()
    {
        var lease = _lease;
        if (!IsValid(lease))
        {
            _valid.Reset();
            if (!_valid.Wait(options.Value.LeaseWait) || !IsValid(lease = _lease))
            {
                throw new WorkerIdUnavailableException(
                    $"No worker id lease for {environment.ApplicationName} (Redis at {redisOptions.Value.Configuration} did not grant or renew one).");
            }
        }

        return lease!.Generator.NextId();
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(WorkerId is { } id
            ? HealthCheckResult.Healthy($"worker id {id}")
            : HealthCheckResult.Unhealthy("no valid worker id lease"));

    public override void Dispose()
    {
        _valid.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_lease is null)
                {
                    await AcquireAsync(stoppingToken);
                }
                else
                {
                    await RenewAsync();
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Leasing a worker id from Redis failed; retrying (a lease stays valid until it lapses)");
            }

            await Task.Delay(options.Value.LeaseRenewInterval, LeaseClock, stoppingToken);
        }
    }

    private async Task AcquireAsync(CancellationToken ct)
    {
        var db = redis.GetDatabase();
        var start = Random.Shared.Next(SnowflakeId.MaxWorkerId + 1);
        for (var i = 0; i <= SnowflakeId.MaxWorkerId; i++)
        {
            var candidate = (start + i) % (SnowflakeId.MaxWorkerId + 1);
            if (await db.StringSetAsync(Key(candidate), _holder, options.Value.LeaseTtl, When.NotExists))
            {
                // Outwait one renewal of a holder whose key Redis may have lost in a crash (see the summary).
                await Task.Delay(options.Value.LeaseRenewInterval + TimeSpan.FromSeconds(1), LeaseClock, ct);
                var renewedAt = LeaseClock.GetTimestamp();
                if (await RenewScriptAsync(candidate) == 0)
                {
                    continue;
                }

                var generator = new SnowflakeIdGenerator(candidate, options.Value.MaxClockRollback, time);
                _lease = new Lease(candidate, generator, ValidUntil(renewedAt));
                _valid.Set();
                logger.LogInformation("Leased worker id {WorkerId} for {Service}", candidate, environment.ApplicationName);
                return;
            }
        }

        throw new WorkerIdUnavailableException($"All {SnowflakeId.MaxWorkerId + 1} worker ids of {environment.ApplicationName} are leased.");
    }

    private async Task RenewAsync()
    {
        var lease = _lease!;
        var renewedAt = LeaseClock.GetTimestamp();
        if (await RenewScriptAsync(lease.WorkerId) == 0)
        {
            _lease = null;
            _valid.Reset();
            logger.LogWarning("Worker id {WorkerId} is held by another instance now; leasing another one", lease.WorkerId);
            return;
        }

        _lease = lease with { ValidUntil = ValidUntil(renewedAt) };
        _valid.Set();
    }

    private async Task<long> RenewScriptAsync(int workerId) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(RenewScript,
            [Key(workerId)], [_holder, (long)options.Value.LeaseTtl.TotalMilliseconds]);

    private long ValidUntil(long renewedAt) =>
        renewedAt + (long)(options.Value.LeaseTtl.TotalSeconds * 0.8 * LeaseClock.TimestampFrequency);

    private static bool IsValid(Lease? lease) => lease is not null && LeaseClock.GetTimestamp() < lease.ValidUntil;

    private RedisKey Key(int workerId) =>
        $"{redisOptions.Value.KeyPrefix}ids:worker:{environment.ApplicationName}:{workerId.ToString(CultureInfo.InvariantCulture)}";
}

using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Gateway.RateLimiting;

/// <summary>
/// Decides rate limits on the shared Redis counters and, while Redis does not answer, on this replica's
/// local counters: fail-open to a local limiter, on purpose.
/// <para>
/// Not fail-closed: these limits guard capacity and fairness, not correctness. No oversell and the
/// per-user unit limit are enforced by inventory's atomic reservation, so refusing every purchase because
/// the limiter's store is down would turn a Redis blip into a failed sale for nothing.
/// Not wide open either: the moment Redis struggles is the worst moment to let an unthrottled spike
/// through to inventory. With local counters every limit still holds per replica, so with N replicas
/// at most N times the configured rate passes until Redis is back.
/// </para>
/// After a Redis error or timeout, Redis is asked again only after RedisRetryInterval, so an outage
/// does not cost every request a timeout; a disconnected multiplexer is skipped at once.
/// </summary>
public sealed class LimitGate(
    RedisWindowCounters shared,
    LocalWindowCounters local,
    IOptions<RateLimitingOptions> options,
    RateLimitingMetrics metrics,
    TimeProvider time,
    ILogger<LimitGate> logger)
{
    private long _askRedisAgainAt;
    private int _onLocalCounters;

    public async ValueTask<LimitVerdict> DecideAsync(string policy, IReadOnlyList<LimitCheck> checks, CancellationToken cancellationToken)
    {
        var askedAt = time.GetTimestamp();
        if (ShouldAskRedis(askedAt))
        {
            try
            {
                var verdict = await shared.TryAcquireAsync(checks).WaitAsync(options.Value.RedisTimeout, time, cancellationToken);
                // A call that was already in flight when another one failed proves nothing: only a later one ends the fallback.
                if (askedAt >= Volatile.Read(ref _askRedisAgainAt) && Interlocked.Exchange(ref _onLocalCounters, 0) == 1)
                {
                    logger.LogInformation("Redis answers again: rate limits are shared by every gateway replica again.");
                }

                return verdict;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                Volatile.Write(ref _askRedisAgainAt, time.GetTimestamp() + (long)(options.Value.RedisRetryInterval.TotalSeconds * time.TimestampFrequency));
                FallBack(e.Message);
            }
        }

        metrics.DecidedLocally(policy);
        return local.TryAcquire(checks);
    }

    private bool ShouldAskRedis(long now)
    {
        if (!shared.IsConnected)
        {
            FallBack("no connection to Redis");
            return false;
        }

        return now >= Volatile.Read(ref _askRedisAgainAt);
    }

    /// <summary>Logs the switch once, not once per request of the outage.</summary>
    private void FallBack(string reason)
    {
        if (Interlocked.Exchange(ref _onLocalCounters, 1) == 0)
        {
            logger.LogWarning("Rate limiting falls back to this replica's own counters ({Reason}): limits hold per replica until Redis answers.", reason);
        }
    }
}

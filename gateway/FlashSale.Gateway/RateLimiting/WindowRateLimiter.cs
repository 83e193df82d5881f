using System.Threading.RateLimiting;

namespace FlashSale.Gateway.RateLimiting;

/// <summary>
/// The limiter of one (user, client IP, sale) partition. It holds no permits itself (the counters live
/// in Redis, or locally during an outage), so the middleware may drop it when idle and build a new one.
/// One request is one permit.
/// </summary>
public sealed class WindowRateLimiter(
    string policy, LimitKey key, IReadOnlyList<LimitCheck> checks, LimitGate gate, RateLimitingMetrics metrics, TimeProvider time)
    : RateLimiter
{
    private long _lastUsed = time.GetTimestamp();

    /// <summary>The middleware disposes limiters idle for more than 10 s: the real idle time (not zero) lets it.</summary>
    public override TimeSpan? IdleDuration => time.GetElapsedTime(Volatile.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    /// <summary>Redis cannot answer without blocking a thread: "not acquired" sends the middleware on to AcquireAsync.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => LimitLease.Undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
        Volatile.Write(ref _lastUsed, time.GetTimestamp());
        var verdict = await gate.DecideAsync(policy, checks, cancellationToken);
        if (verdict.Exceeded is not { } exceeded)
        {
            return LimitLease.Passed;
        }

        metrics.Rejected(policy, exceeded.Scope);
        return LimitLease.Refused(verdict.RetryAfter, LimitProblems.LimitName(exceeded.Scope), LimitProblems.Reason(policy, exceeded, key));
    }
}

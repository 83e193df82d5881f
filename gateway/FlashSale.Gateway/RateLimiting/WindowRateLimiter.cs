using System.Threading.RateLimiting;

namespace FlashSale.Gateway.RateLimiting;

/// <summary>
/// The one limiter of a policy. It holds no permits itself (the counters live in Redis, or locally during an outage), so
/// one instance serves every (user, client IP, sale): the request's own key comes from its HttpContext. One limiter per
/// key, as the middleware would otherwise keep, costs an object per shopper and a heartbeat that walks them all ten times
/// a second (~5 % of the gateway's CPU in an admitted run of 6,000 shoppers, load-tests/results/profile-2026-12-08-purchase-path.md).
/// One request is one permit.
/// </summary>
public sealed class WindowRateLimiter(
    string policy, Func<LimitKey, IReadOnlyList<LimitCheck>> checksFor, LimitGate gate, RateLimitingMetrics metrics, IHttpContextAccessor http)
    : RateLimiter
{
    /// <summary>Never idle: the middleware keeps the one instance for good.</summary>
    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    /// <summary>Redis cannot answer without blocking a thread: "not acquired" sends the middleware on to AcquireAsync.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => LimitLease.Undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
        // The middleware acquires within the request's flow, where the accessor sees its HttpContext.
        var key = http.HttpContext is { } context ? LimitKey.For(context) : new LimitKey(LimitKey.Unknown, LimitKey.Unknown, LimitKey.Unknown);
        var verdict = await gate.DecideAsync(policy, checksFor(key), cancellationToken);
        if (verdict.Exceeded is not { } exceeded)
        {
            return LimitLease.Passed;
        }

        metrics.Rejected(policy, exceeded.Scope);
        return LimitLease.Refused(verdict.RetryAfter, LimitProblems.LimitName(exceeded.Scope), LimitProblems.Reason(policy, exceeded, key));
    }
}

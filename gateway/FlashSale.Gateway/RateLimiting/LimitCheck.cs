namespace FlashSale.Gateway.RateLimiting;

/// <summary>Which of a policy's three limits a check enforces.</summary>
public enum LimitScope
{
    User,
    ClientIp,
    Sale,
}

/// <summary>One limit a request must pass: the counter it is counted on and the limit of that counter.</summary>
public sealed record LimitCheck(LimitScope Scope, string CounterKey, WindowLimit Limit);

/// <summary>The decision on one request: passed, or the first limit it would exceed and when that limit's window closes.</summary>
public readonly record struct LimitVerdict(LimitCheck? Exceeded, TimeSpan RetryAfter)
{
    public static LimitVerdict Passed => default;
}

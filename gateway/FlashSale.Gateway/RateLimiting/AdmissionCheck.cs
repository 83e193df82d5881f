namespace FlashSale.Gateway.RateLimiting;

/// <summary>Which of a policy's three limits a check enforces.</summary>
public enum AdmissionScope
{
    User,
    ClientIp,
    Sale,
}

/// <summary>One limit a request must pass: the counter it is counted on and the limit of that counter.</summary>
public sealed record AdmissionCheck(AdmissionScope Scope, string CounterKey, WindowLimit Limit);

/// <summary>The decision on one request: admitted, or the first limit it would exceed and when that limit's window closes.</summary>
public readonly record struct AdmissionVerdict(AdmissionCheck? Exceeded, TimeSpan RetryAfter)
{
    public static AdmissionVerdict Admitted => default;
}

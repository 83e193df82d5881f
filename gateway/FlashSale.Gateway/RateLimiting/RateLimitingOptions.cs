namespace FlashSale.Gateway.RateLimiting;

/// <summary>
/// Bound from "RateLimiting" (env: RateLimiting__Purchases__PerUser__PermitLimit=...). The defaults here
/// are the ones appsettings.json spells out; a setting overrides only the values it names.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>POST /api/sales/{id}/purchases/{address}: the hot path, so the tightest limits.</summary>
    public PolicyLimits Purchases { get; set; } = new()
    {
        PerUser = WindowLimit.Of(5, TimeSpan.FromSeconds(5)),
        PerClientIp = WindowLimit.Of(50, TimeSpan.FromSeconds(1)),
        PerSale = WindowLimit.Of(2000, TimeSpan.FromSeconds(1)),
    };

    /// <summary>POST /api/sales/{id}/purchase-token: gentler, a shopper may fetch a fresh token a few times.</summary>
    public PolicyLimits PurchaseToken { get; set; } = new()
    {
        PerUser = WindowLimit.Of(10, TimeSpan.FromSeconds(5)),
        PerClientIp = WindowLimit.Of(100, TimeSpan.FromSeconds(1)),
        PerSale = WindowLimit.Of(5000, TimeSpan.FromSeconds(1)),
    };

    /// <summary>
    /// GET /api/sales/{id}/challenge: a page fetches one when it opens and again when it is about to expire; each costs the
    /// inventory a random draw, a hash and an HMAC. Per client IP as generous as the other reads, for load generators on loopback.
    /// </summary>
    public PolicyLimits Challenges { get; set; } = new()
    {
        PerUser = WindowLimit.Of(20, TimeSpan.FromSeconds(10)),
        PerClientIp = WindowLimit.Of(2000, TimeSpan.FromSeconds(1)),
        PerSale = null,
    };

    /// <summary>POST /api/orders/{id}/payment: a shopper pays an order once; retries with the same key are few.</summary>
    public PolicyLimits Payments { get; set; } = new()
    {
        PerUser = WindowLimit.Of(10, TimeSpan.FromSeconds(10)),
        PerClientIp = WindowLimit.Of(2000, TimeSpan.FromSeconds(1)),
        PerSale = null,
    };

    /// <summary>Order reads and long polls (GET /api/orders...): a shopper following an order waits, it does not hammer.</summary>
    public PolicyLimits OrderReads { get; set; } = new()
    {
        PerUser = WindowLimit.Of(100, TimeSpan.FromSeconds(10)),
        PerClientIp = WindowLimit.Of(5000, TimeSpan.FromSeconds(1)),
        PerSale = null,
    };

    /// <summary>GET /api/wallet.</summary>
    public PolicyLimits WalletReads { get; set; } = new()
    {
        PerUser = WindowLimit.Of(30, TimeSpan.FromSeconds(10)),
        PerClientIp = WindowLimit.Of(2000, TimeSpan.FromSeconds(1)),
        PerSale = null,
    };

    /// <summary>POST /api/auth/token (the dev issuer): anonymous, so per client address only; each token costs an RSA signature.</summary>
    public PolicyLimits Tokens { get; set; } = new()
    {
        PerUser = null,
        PerClientIp = WindowLimit.Of(20, TimeSpan.FromSeconds(10)),
        PerSale = null,
    };

    /// <summary>GET /health/ready: anonymous, and each call asks every service and Redis; probes need a few per second.</summary>
    public PolicyLimits Health { get; set; } = new()
    {
        PerUser = null,
        PerClientIp = WindowLimit.Of(20, TimeSpan.FromSeconds(1)),
        PerSale = null,
    };

    /// <summary>
    /// How long one rate-limit decision may wait for Redis before this replica decides with its local counters.
    /// Long enough that a burst on a busy box is not taken for an outage (falling back weakens every
    /// limit at the peak), short enough that a hanging Redis costs a request at most this, once per
    /// <see cref="RedisRetryInterval"/>. A Redis that refuses connections costs nothing: it is skipped at once.
    /// </summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After Redis failed, how long to decide locally before asking Redis again (no timeout paid per request).</summary>
    public TimeSpan RedisRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    public PolicyLimits For(string policy) => policy switch
    {
        LimitPolicyNames.Purchases => Purchases,
        LimitPolicyNames.PurchaseToken => PurchaseToken,
        LimitPolicyNames.Challenges => Challenges,
        LimitPolicyNames.Payments => Payments,
        LimitPolicyNames.OrderReads => OrderReads,
        LimitPolicyNames.WalletReads => WalletReads,
        LimitPolicyNames.Tokens => Tokens,
        LimitPolicyNames.Health => Health,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "No rate limits are configured for this policy."),
    };

    public bool IsValid => LimitPolicyNames.All.All(name => For(name).IsValid) && RedisTimeout > TimeSpan.Zero && RedisRetryInterval >= TimeSpan.Zero;
}

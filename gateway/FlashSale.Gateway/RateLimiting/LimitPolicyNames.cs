namespace FlashSale.Gateway.RateLimiting;

/// <summary>
/// The rate limiter policies the YARP routes name in "RateLimiterPolicy" (appsettings.json), the dev issuer's
/// (<see cref="Tokens"/>) and readiness's (<see cref="Health"/>, named by "Health:RateLimiterPolicy").
/// </summary>
public static class LimitPolicyNames
{
    public const string Purchases = "purchases";
    public const string PurchaseToken = "purchase-token";
    public const string Challenges = "challenges";
    public const string Payments = "payments";
    public const string OrderReads = "order-reads";
    public const string WalletReads = "wallet-reads";
    public const string Tokens = "tokens";
    public const string Health = "health";

    public static readonly IReadOnlyList<string> All = [Purchases, PurchaseToken, Challenges, Payments, OrderReads, WalletReads, Tokens, Health];
}

namespace FlashSale.Gateway.RateLimiting;

/// <summary>The rate limiter policies the YARP routes name in "RateLimiterPolicy" (appsettings.json).</summary>
public static class LimitPolicyNames
{
    public const string Purchases = "purchases";
    public const string PurchaseToken = "purchase-token";
    public const string Payments = "payments";
    public const string OrderReads = "order-reads";
    public const string WalletReads = "wallet-reads";

    public static readonly IReadOnlyList<string> All = [Purchases, PurchaseToken, Payments, OrderReads, WalletReads];
}

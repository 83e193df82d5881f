namespace FlashSale.Contracts.Purchases;

/// <summary>What an order can carry: every service stores amounts as numeric(12,2).</summary>
public static class OrderAmounts
{
    /// <summary>The largest amount one order can carry; inventory refuses sales whose price × per-user limit exceeds it.</summary>
    public const decimal Max = 9_999_999_999.99m;
}

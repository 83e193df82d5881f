using System.Diagnostics.CodeAnalysis;

namespace FlashSale.BuildingBlocks.Sales;

/// <summary>Rules of a purchase request that inventory and the gateway check alike.</summary>
public static class PurchaseRules
{
    public const int MaxIdempotencyKeyLength = 100;

    public static bool IsValidIdempotencyKey([NotNullWhen(true)] string? key) => !string.IsNullOrWhiteSpace(key) && key.Length <= MaxIdempotencyKeyLength;
}

namespace FlashSale.Inventory.Purchases;

/// <summary>Bound from "Purchases".</summary>
public sealed class PurchaseOptions
{
    public const string Section = "Purchases";

    /// <summary>The stock reservation strategy (see <see cref="IStockReservation"/>).</summary>
    public string Strategy { get; set; } = RedisLuaReservation.Name;
}

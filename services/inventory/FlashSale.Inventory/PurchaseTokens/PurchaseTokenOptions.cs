namespace FlashSale.Inventory.PurchaseTokens;

/// <summary>Bound from "PurchaseTokens". The appsettings.Development.json key is a DEVELOPMENT key.</summary>
public sealed class PurchaseTokenOptions
{
    public const string Section = "PurchaseTokens";

    /// <summary>HMAC-SHA256 key, at least 32 bytes; every inventory replica must share it.</summary>
    public string SigningKey { get; set; } = "";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(60);
}

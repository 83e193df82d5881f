namespace FlashSale.Inventory.PurchaseTokens;

/// <summary>Bound from "PurchaseTokens". The appsettings.Development.json key is a DEVELOPMENT key.</summary>
public sealed class PurchaseTokenOptions
{
    public const string Section = "PurchaseTokens";

    /// <summary>HMAC-SHA256 key, at least 32 bytes; every inventory replica must share it.</summary>
    public string SigningKey { get; set; } = "";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A key of its own for another use of this secret (the purchase address, the human check): HMAC of the
    /// <paramref name="purpose"/> under the signing key, so a signature of one kind never passes for another.
    /// </summary>
    public byte[] DerivedKey(ReadOnlySpan<byte> purpose) => System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(SigningKey), purpose);
}

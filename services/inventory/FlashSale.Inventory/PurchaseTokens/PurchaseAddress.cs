using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FlashSale.Inventory.PurchaseTokens;

/// <summary>
/// The sale's purchase path ends in a segment no one can know before the start: an HMAC of the sale id under a
/// key derived from the token key, handed out only with a purchase token (so only from the start instant on).
/// Derived rather than stored, so every replica agrees without a lookup and old sales have one too.
/// </summary>
public sealed class PurchaseAddress
{
    private readonly byte[] _key;

    public PurchaseAddress(IOptions<PurchaseTokenOptions> options) =>
        _key = options.Value.DerivedKey("flashsale purchase address"u8);

    public string Segment(long saleId) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, BitConverter.GetBytes(saleId)).AsSpan(0, 16))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string Path(long saleId) => string.Create(CultureInfo.InvariantCulture, $"/api/sales/{saleId}/purchases/{Segment(saleId)}");

    public bool Matches(long saleId, string segment) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(segment), Encoding.ASCII.GetBytes(Segment(saleId)));
}

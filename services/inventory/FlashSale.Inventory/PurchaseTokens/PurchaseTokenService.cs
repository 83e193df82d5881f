using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FlashSale.Inventory.PurchaseTokens;

/// <summary>The token and where to spend it: <paramref name="PurchaseUrl"/> is the sale's purchase path, unknown until now.</summary>
public sealed record PurchaseToken(string Token, DateTimeOffset ExpiresAt, string PurchaseUrl);

public enum TokenCheck
{
    Valid,
    Malformed,
    OtherSale,
    Expired,
    BadSignature,
}

/// <summary>
/// The "hidden URL" of a flash sale: a short-lived token bound to (user, sale), checked with one HMAC and
/// no storage. Format: {saleId}.{expiresUnixMs}.{base64url(HMAC(key, user|sale|expiry))}. The user is
/// not in the token: another user's token simply fails the signature check.
/// </summary>
public sealed class PurchaseTokenService
{
    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;
    private readonly PurchaseAddress _address;

    public PurchaseTokenService(IOptions<PurchaseTokenOptions> options, TimeProvider time, PurchaseAddress address)
    {
        _key = Encoding.UTF8.GetBytes(options.Value.SigningKey);
        if (_key.Length < 32)
        {
            throw new InvalidOperationException($"{PurchaseTokenOptions.Section}:SigningKey must be at least 32 bytes long.");
        }

        _lifetime = options.Value.Lifetime;
        _time = time;
        _address = address;
    }

    /// <summary>A token valid for the configured lifetime, never past the sale's end.</summary>
    public PurchaseToken Issue(string userId, long saleId, DateTimeOffset saleEndsAt)
    {
        var expires = _time.GetUtcNow() + _lifetime;
        if (expires > saleEndsAt)
        {
            expires = saleEndsAt;
        }

        var expiresMs = expires.ToUnixTimeMilliseconds();
        var token = string.Create(CultureInfo.InvariantCulture, $"{saleId}.{expiresMs}.{Signature(userId, saleId, expiresMs)}");
        return new PurchaseToken(token, DateTimeOffset.FromUnixTimeMilliseconds(expiresMs), _address.Path(saleId));
    }

    public TokenCheck Validate(string? token, string userId, long saleId)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 }
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var tokenSale)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiresMs))
        {
            return TokenCheck.Malformed;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[2]), Encoding.ASCII.GetBytes(Signature(userId, tokenSale, expiresMs))))
        {
            return TokenCheck.BadSignature;
        }

        if (tokenSale != saleId)
        {
            return TokenCheck.OtherSale;
        }

        return _time.GetUtcNow().ToUnixTimeMilliseconds() >= expiresMs ? TokenCheck.Expired : TokenCheck.Valid;
    }

    private string Signature(string userId, long saleId, long expiresMs)
    {
        // Length-prefixed user id: no choice of user id can collide with another (user, sale) pair.
        var message = string.Create(CultureInfo.InvariantCulture, $"{userId.Length}:{userId}|{saleId}|{expiresMs}");
        return Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(message)));
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

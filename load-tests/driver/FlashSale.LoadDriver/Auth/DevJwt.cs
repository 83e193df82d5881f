using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FlashSale.LoadDriver.Auth;

/// <summary>
/// Mints HS256 JWTs exactly as the gateway's development issuer does (claims sub and role; issuer and
/// audience as the services validate them), so thousands of shoppers need no round trip to
/// POST /api/auth/token and do not trip its limits. DEVELOPMENT ONLY: it needs the signing key, which
/// only the dev profile publishes; against a real deployment the driver has no key and cannot do this.
/// </summary>
public sealed class DevJwt
{
    /// <summary>The value of Auth:Jwt:SigningKey in the hosts' appsettings.Development.json.</summary>
    public const string DevSigningKey = "flashsale-DEV-ONLY-signing-key-change-me-0123456789";

    /// <summary>The defaults of the services' JwtOptions.</summary>
    public const string DefaultIssuer = "flashsale";
    public const string DefaultAudience = "flashsale-api";

    private static readonly string Header = Encode("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly byte[] _key;
    private readonly string _issuer;
    private readonly string _audience;
    private readonly TimeProvider _time;

    public DevJwt(string signingKey, string issuer = DefaultIssuer, string audience = DefaultAudience, TimeProvider? time = null)
    {
        _key = Encoding.UTF8.GetBytes(signingKey);
        if (_key.Length < 32)
        {
            // The services refuse shorter keys at start-up, so a token signed with one could never validate.
            throw new ArgumentException("The JWT signing key must be at least 32 bytes of UTF-8.", nameof(signingKey));
        }

        _issuer = issuer;
        _audience = audience;
        _time = time ?? TimeProvider.System;
    }

    public string Shopper(string userId, TimeSpan lifetime) => Mint(userId, "shopper", lifetime);

    public string Admin(string userId, TimeSpan lifetime) => Mint(userId, "admin", lifetime);

    public string Mint(string userId, string role, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        using var payload = new MemoryStream();
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            json.WriteString("sub", userId);
            json.WriteString("role", role);
            json.WriteString("iss", _issuer);
            json.WriteString("aud", _audience);
            json.WriteNumber("iat", now);
            json.WriteNumber("nbf", now);
            json.WriteNumber("exp", now + (long)lifetime.TotalSeconds);
            json.WriteEndObject();
        }

        var signed = $"{Header}.{Encode(payload.GetBuffer().AsSpan(0, (int)payload.Length))}";
        var signature = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signed));
        return $"{signed}.{Encode(signature)}";
    }

    private static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);
}

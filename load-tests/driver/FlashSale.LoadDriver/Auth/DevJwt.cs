using System.Buffers.Text;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FlashSale.LoadDriver.Auth;

/// <summary>
/// Mints RS256 JWTs exactly as the gateway's development issuer does (claims sub and role; issuer and audience as
/// the services validate them), so thousands of shoppers need no round trip to POST /api/auth/token and do not trip
/// its limits. It needs the issuer's PRIVATE key: the committed development key (which only a Development system
/// trusts) by default, or the production profile's generated one (--signing-key .flashsale/secrets/jwt-private.pem).
/// </summary>
public sealed class DevJwt
{
    /// <summary>The defaults of the services' JwtOptions.</summary>
    public const string DefaultIssuer = "flashsale";
    public const string DefaultAudience = "flashsale-api";

    /// <summary>The services refuse smaller keys (JwtKeys.MinimumKeyBits), so a token signed with one could never validate.</summary>
    public const int MinimumKeyBits = 2048;

    private static readonly string Header = Encode("""{"alg":"RS256","typ":"JWT"}"""u8);

    private readonly RSA _key;
    private readonly string _issuer;
    private readonly string _audience;
    private readonly TimeProvider _time;

    public DevJwt(RSA privateKey, string issuer = DefaultIssuer, string audience = DefaultAudience, TimeProvider? time = null)
    {
        if (privateKey.KeySize < MinimumKeyBits)
        {
            throw new ArgumentException($"The JWT signing key has {privateKey.KeySize} bits; the services need at least {MinimumKeyBits}.", nameof(privateKey));
        }

        _key = privateKey;
        _issuer = issuer;
        _audience = audience;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The development private key (shared/FlashSale.ServiceDefaults/Authentication/DevKeys, embedded at build).</summary>
    public static string DevelopmentKeyPem { get; } = DevelopmentKey();

    /// <summary>A key from PEM text (an RSA private key); ArgumentException when it is none.</summary>
    public static DevJwt FromPem(string pem)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (ArgumentException e)
        {
            rsa.Dispose();
            throw new ArgumentException($"not an RSA private key in PEM form ({e.Message})", nameof(pem), e);
        }

        if (!HasPrivatePart(rsa))
        {
            rsa.Dispose();
            throw new ArgumentException("a public key cannot sign: the private key is needed", nameof(pem));
        }

        return new DevJwt(rsa);
    }

    public static DevJwt Development() => FromPem(DevelopmentKeyPem);

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
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Encode(signature)}";
    }

    private static bool HasPrivatePart(RSA rsa)
    {
        try
        {
            return rsa.ExportParameters(true).D is not null;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static string DevelopmentKey()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("dev-jwt-private.pem")
            ?? throw new InvalidOperationException("The development key dev-jwt-private.pem is not embedded in the load driver.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);
}

using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using FlashSale.ServiceDefaults.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FlashSale.Testing;

/// <summary>JWTs as the dev issuer makes them (RS256 with the committed development key pair), and bad ones.</summary>
public static class TestTokens
{
    public const string Issuer = "flashsale";
    public const string Audience = "flashsale-api";

    /// <summary>The development private key every host in Development trusts (shared/FlashSale.ServiceDefaults/Authentication/DevKeys).</summary>
    public static RSA DevKey { get; } = JwtKeys.Import(JwtKeys.DevelopmentPrivateKeyPem, "development key");

    /// <summary>A key no host trusts: what an attacker signs with.</summary>
    public static RSA AttackerKey { get; } = RSA.Create(2048);

    public static string Shopper(string userId) => Create(userId, "shopper");

    public static string Admin(string userId = "admin-1") => Create(userId, "admin");

    public static string Create(string userId, string role, RSA? signingKey = null, TimeSpan? lifetime = null, DateTime? now = null)
    {
        var issuedAt = now ?? DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("sub", userId), new Claim("role", role)]),
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (lifetime ?? TimeSpan.FromHours(1)),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signingKey ?? DevKey), SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>
    /// The algorithm-confusion forgery: an HS256 token whose HMAC secret is the (public) development public key PEM, which
    /// a validator that let the token choose its algorithm would accept.
    /// </summary>
    public static string HmacWithPublicKey(string userId, string role)
    {
        var secret = Encoding.UTF8.GetBytes(JwtKeys.DevelopmentPublicKeyPem);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("sub", userId), new Claim("role", role)]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(secret), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>An unsigned token (alg "none") claiming <paramref name="role"/>.</summary>
    public static string WithoutSignature(string userId, string role)
    {
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode($$"""{"sub":"{{userId}}","role":"{{role}}","iss":"{{Issuer}}","aud":"{{Audience}}","exp":{{exp}}}""");
        return $"{header}.{payload}.";
    }

    /// <summary>The same token with its payload's `sub` replaced and the original signature kept.</summary>
    public static string WithForgedSubject(string token, string forgedUserId)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        var original = new JsonWebToken(token).Subject;
        var forged = payload.Replace($"\"sub\":\"{original}\"", $"\"sub\":\"{forgedUserId}\"", StringComparison.Ordinal);
        if (forged == payload)
        {
            throw new InvalidOperationException("The token's payload has no sub claim to forge.");
        }

        return $"{parts[0]}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(forged))}.{parts[2]}";
    }
}

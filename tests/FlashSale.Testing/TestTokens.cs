using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FlashSale.Testing;

/// <summary>JWTs as the dev issuer makes them (the hosts' appsettings.Development.json values), and bad ones.</summary>
public static class TestTokens
{
    public const string DevSigningKey = "flashsale-DEV-ONLY-signing-key-change-me-0123456789";
    public const string Issuer = "flashsale";
    public const string Audience = "flashsale-api";

    public static string Shopper(string userId) => Create(userId, "shopper");

    public static string Admin(string userId = "admin-1") => Create(userId, "admin");

    public static string Create(string userId, string role, string signingKey = DevSigningKey, TimeSpan? lifetime = null, DateTime? now = null)
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
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
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

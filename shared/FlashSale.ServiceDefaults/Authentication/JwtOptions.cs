namespace FlashSale.ServiceDefaults.Authentication;

/// <summary>
/// Bound from "Auth:Jwt": how every host validates user tokens (RS256). Only the public key is configured here;
/// without one, Development falls back to the committed development key (<see cref="JwtKeys"/>), Production refuses to start.
/// </summary>
public sealed class JwtOptions
{
    public const string Section = "Auth:Jwt";

    public string Issuer { get; set; } = "flashsale";
    public string Audience { get; set; } = "flashsale-api";

    /// <summary>The issuer's RSA public key as PEM text (env: Auth__Jwt__PublicKey).</summary>
    public string? PublicKey { get; set; }

    /// <summary>Or a PEM file holding it (env: Auth__Jwt__PublicKeyFile).</summary>
    public string? PublicKeyFile { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(2);
}

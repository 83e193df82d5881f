namespace FlashSale.ServiceDefaults.Authentication;

/// <summary>Bound from "Auth:Jwt". The appsettings value of SigningKey is a DEVELOPMENT key; set a real one via env.</summary>
public sealed class JwtOptions
{
    public const string Section = "Auth:Jwt";

    public string Issuer { get; set; } = "flashsale";
    public string Audience { get; set; } = "flashsale-api";

    /// <summary>HS256 key, at least 32 bytes of UTF-8.</summary>
    public string SigningKey { get; set; } = "";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(2);
}

namespace FlashSale.Gateway.DevTokens;

/// <summary>
/// Bound from "Auth:DevIssuer". The development/demo token issuer of docs/api.md: off unless Enabled is
/// true (appsettings.Development.json turns it on); an admin token also needs AdminKey. It signs with SigningKey
/// (RS256 private key, PEM) or SigningKeyFile; in Development without either, with the committed development key.
/// </summary>
public sealed class DevTokenOptions
{
    public const string Section = "Auth:DevIssuer";

    public bool Enabled { get; set; }

    public string AdminKey { get; set; } = "";

    public string? SigningKey { get; set; }

    public string? SigningKeyFile { get; set; }

    /// <summary>Wrong admin keys one client address may send per <see cref="AdminKeyWindow"/> before it gets 429.</summary>
    public int AdminKeyFailuresPerWindow { get; set; } = 5;

    public TimeSpan AdminKeyWindow { get; set; } = TimeSpan.FromMinutes(1);
}

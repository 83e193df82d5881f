namespace FlashSale.Gateway.DevTokens;

/// <summary>
/// Bound from "Auth:DevIssuer". The development/demo token issuer of docs/api.md: off unless Enabled is
/// true (appsettings.Development.json turns it on); an admin token also needs AdminKey.
/// </summary>
public sealed class DevTokenOptions
{
    public const string Section = "Auth:DevIssuer";

    public bool Enabled { get; set; }

    public string AdminKey { get; set; } = "";
}

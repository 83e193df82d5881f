using System.Reflection;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace FlashSale.ServiceDefaults.Authentication;

/// <summary>
/// The RS256 keys of user tokens. Only the token issuer holds a private key; the gateway and every service validate
/// with the public key alone, so a compromised service cannot mint tokens. The development key pair
/// (Authentication/DevKeys, public by design) is the fallback in Development only.
/// </summary>
public static class JwtKeys
{
    public const int MinimumKeyBits = 2048;

    public static string DevelopmentPrivateKeyPem { get; } = Resource("dev-jwt-private.pem");

    public static string DevelopmentPublicKeyPem { get; } = Resource("dev-jwt-public.pem");

    /// <summary>
    /// The configured key (PEM text, or a PEM file), or the development key when <paramref name="development"/> and
    /// none is configured. <paramref name="setting"/> names the configuration key in error messages.
    /// </summary>
    public static RSA Load(string? pem, string? file, bool development, string developmentPem, string setting)
    {
        var text = !string.IsNullOrWhiteSpace(pem) ? pem
            : !string.IsNullOrWhiteSpace(file) ? ReadFile(file, setting)
            : development ? developmentPem
            : throw new InvalidOperationException($"{setting} (PEM) or {setting}File is required outside Development: there is no fallback key.");
        return Import(text, setting);
    }

    public static RSA Import(string pem, string setting)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (ArgumentException e)
        {
            rsa.Dispose();
            throw new InvalidOperationException($"{setting} is not an RSA key in PEM form ({e.Message}).", e);
        }

        if (rsa.KeySize < MinimumKeyBits)
        {
            rsa.Dispose();
            throw new InvalidOperationException($"{setting} is an RSA key of {rsa.KeySize} bits; at least {MinimumKeyBits} are needed.");
        }

        return rsa;
    }

    /// <summary>True when <paramref name="pem"/> (public or private) is either half of the development key pair.</summary>
    public static bool IsDevelopmentKey(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return rsa.ExportParameters(false).Modulus!.AsSpan().SequenceEqual(DevelopmentModulus);
        }
        catch (ArgumentException)
        {
            return false; // not a key at all: the host's own start-up names that problem
        }
    }

    public static RsaSecurityKey SecurityKey(RSA rsa) => new(rsa);

    private static byte[] DevelopmentModulus { get; } = Modulus(DevelopmentPublicKeyPem);

    private static byte[] Modulus(string pem)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa.ExportParameters(false).Modulus!;
    }

    private static string ReadFile(string file, string setting) =>
        File.Exists(file) ? File.ReadAllText(file) : throw new InvalidOperationException($"{setting}File names {file}, which does not exist.");

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The development key {name} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

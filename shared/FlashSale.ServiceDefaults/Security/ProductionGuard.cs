using System.Data.Common;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Caching;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace FlashSale.ServiceDefaults.Security;

/// <summary>
/// A host in Production refuses to start with any development value the repository publishes: the development token
/// key pair (or no token key at all, since Production has no fallback), the dev purchase-token key, the dev issuer and
/// its admin key, the broker's guest account, the dev database password, a Redis without a
/// password. Every offending setting is named at once, so one fix-and-retry round is enough.
/// </summary>
public static class ProductionGuard
{
    /// <summary>Every development secret string in the repository carries this marker (appsettings.Development.json).</summary>
    public const string DevelopmentMarker = "DEV-ONLY";

    public const string DevelopmentAdminKey = "dev-admin-key";
    public const string DevelopmentDatabasePassword = "flashsale-dev";

    public static void Check(IConfiguration configuration)
    {
        var problems = Problems(configuration).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "Refusing to start in Production with development settings:" + string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}")) +
                $"{Environment.NewLine}Set real values (environment variables such as Auth__Jwt__PublicKey; ./flashsale.sh up --production generates them), " +
                "or run with ASPNETCORE_ENVIRONMENT=Development.");
        }
    }

    public static IEnumerable<string> Problems(IConfiguration configuration)
    {
        var publicKey = KeyText(configuration, "Auth:Jwt:PublicKey");
        if (publicKey is null)
        {
            yield return "Auth:Jwt:PublicKey (or Auth:Jwt:PublicKeyFile) is not set: in Production there is no development key to fall back to.";
        }
        else if (JwtKeys.IsDevelopmentKey(publicKey))
        {
            yield return "Auth:Jwt:PublicKey is the public development key: tokens anyone can mint would be accepted.";
        }

        if (KeyText(configuration, "Auth:DevIssuer:SigningKey") is { } issuerKey && JwtKeys.IsDevelopmentKey(issuerKey))
        {
            yield return "Auth:DevIssuer:SigningKey is the public development key.";
        }

        if (configuration["PurchaseTokens:SigningKey"] is { } purchaseKey && purchaseKey.Contains(DevelopmentMarker, StringComparison.OrdinalIgnoreCase))
        {
            yield return "PurchaseTokens:SigningKey is the public development key.";
        }

        if (configuration.GetValue<bool>("Auth:DevIssuer:Enabled"))
        {
            yield return "Auth:DevIssuer:Enabled is true: the development token issuer must not run in Production.";
        }

        if (configuration["Auth:DevIssuer:AdminKey"] == DevelopmentAdminKey)
        {
            yield return "Auth:DevIssuer:AdminKey is the public development admin key.";
        }

        if (configuration["RabbitMq:Uri"] is { } broker && Uri.TryCreate(broker, UriKind.Absolute, out var uri)
            && (uri.UserInfo.Length == 0 || uri.UserInfo.Split(':')[0] == "guest"))
        {
            yield return "RabbitMq:Uri uses the broker's default guest account.";
        }

        if (configuration["Postgres:Server"] is { Length: > 0 } server)
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = server };
            var password = builder.TryGetValue("Password", out var value) ? value as string : null;
            if (string.IsNullOrEmpty(password) || password == DevelopmentDatabasePassword)
            {
                yield return "Postgres:Server has no password or the development one.";
            }
        }

        foreach (var (key, endpoint) in RedisEndpoints(configuration))
        {
            if (string.IsNullOrEmpty(ConfigurationOptions.Parse(endpoint).Password))
            {
                yield return $"{key} connects to Redis without a password.";
            }
        }
    }

    /// <summary>The PEM text of a key setting, or of the file its "File" sibling names (null when neither is set or readable).</summary>
    private static string? KeyText(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } pem ? pem
        : configuration[key + "File"] is { Length: > 0 } file && File.Exists(file) ? File.ReadAllText(file)
        : null;

    private static IEnumerable<(string Key, string Endpoint)> RedisEndpoints(IConfiguration configuration)
    {
        if (configuration["Redis:Configuration"] is { Length: > 0 } main)
        {
            yield return ("Redis:Configuration", main);
        }

        foreach (var node in RedisOptions.RedlockNodes(configuration["Redis:RedlockEndpoints"] ?? ""))
        {
            yield return ("Redis:RedlockEndpoints", node);
        }
    }
}

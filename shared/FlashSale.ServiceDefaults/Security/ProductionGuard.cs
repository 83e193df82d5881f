using System.Data.Common;
using FlashSale.ServiceDefaults.Caching;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace FlashSale.ServiceDefaults.Security;

/// <summary>
/// A host in Production refuses to start with any development value the repository publishes: the dev signing keys,
/// the dev issuer and its admin key, the broker's guest account, the dev database password, a Redis without a
/// password. Every offending setting is named at once, so one fix-and-retry round is enough.
/// </summary>
public static class ProductionGuard
{
    /// <summary>Every development secret in the repository carries this marker (appsettings.Development.json).</summary>
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
                $"{Environment.NewLine}Set real values (environment variables such as Auth__Jwt__SigningKey), or run with ASPNETCORE_ENVIRONMENT=Development.");
        }
    }

    public static IEnumerable<string> Problems(IConfiguration configuration)
    {
        foreach (var key in new[] { "Auth:Jwt:SigningKey", "PurchaseTokens:SigningKey" })
        {
            if (configuration[key] is { } value && value.Contains(DevelopmentMarker, StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{key} is the public development key.";
            }
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

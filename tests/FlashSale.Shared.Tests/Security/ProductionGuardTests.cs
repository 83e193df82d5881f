using System.Security.Cryptography;
using FlashSale.ServiceDefaults;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace FlashSale.Shared.Tests.Security;

/// <summary>A host in Production refuses every development value the repository publishes, naming each one.</summary>
public sealed class ProductionGuardTests
{
    // What a host gets from its appsettings.Development.json and the ops scripts today.
    private static readonly Dictionary<string, string?> DevelopmentSettings = new()
    {
        ["Auth:Jwt:PublicKey"] = JwtKeys.DevelopmentPublicKeyPem,
        ["Auth:DevIssuer:SigningKey"] = JwtKeys.DevelopmentPrivateKeyPem,
        ["PurchaseTokens:SigningKey"] = "flashsale-DEV-ONLY-purchase-token-key-0123456789",
        ["Auth:DevIssuer:Enabled"] = "true",
        ["Auth:DevIssuer:AdminKey"] = "dev-admin-key",
        ["RabbitMq:Uri"] = "amqp://guest:guest@127.0.0.1:55672/",
        ["Postgres:Server"] = "Host=127.0.0.1;Port=55432;Username=postgres;Password=flashsale-dev",
        ["Redis:Configuration"] = "127.0.0.1:56379",
        ["Redis:RedlockEndpoints"] = "127.0.0.1:56380,127.0.0.1:56381,127.0.0.1:56382",
    };

    private static readonly RSA ProductionKey = RSA.Create(2048);

    private static readonly Dictionary<string, string?> ProductionSettings = new()
    {
        ["Auth:Jwt:PublicKey"] = ProductionKey.ExportSubjectPublicKeyInfoPem(),
        ["PurchaseTokens:SigningKey"] = "a-real-purchase-token-key-of-enough-length",
        ["Auth:DevIssuer:Enabled"] = "false",
        ["RabbitMq:Uri"] = "amqp://order:s3cret@broker:5672/",
        ["Postgres:Server"] = "Host=db;Port=5432;Username=order;Password=s3cret",
        ["Redis:Configuration"] = "cache:6379,password=s3cret",
        ["Redis:RedlockEndpoints"] = "lock1:6379,password=a;lock2:6379,password=b;lock3:6379,password=c",
    };

    [Fact]
    public void A_production_host_with_development_values_does_not_start_and_names_every_one()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Build("Production", DevelopmentSettings));

        foreach (var key in new[]
                 {
                     "Auth:Jwt:PublicKey", "Auth:DevIssuer:SigningKey", "PurchaseTokens:SigningKey", "Auth:DevIssuer:Enabled", "Auth:DevIssuer:AdminKey",
                     "RabbitMq:Uri", "Postgres:Server", "Redis:Configuration", "Redis:RedlockEndpoints",
                 })
        {
            Assert.Contains(key, failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_production_host_with_real_values_starts_and_development_accepts_the_development_values()
    {
        Build("Production", ProductionSettings);
        Build("Development", DevelopmentSettings);
    }

    [Fact]
    public void A_broker_address_without_credentials_counts_as_the_guest_account() =>
        Assert.Contains(ProductionGuard.Problems(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:Uri"] = "amqp://broker:5672/",
        }).Build()), p => p.StartsWith("RabbitMq:Uri", StringComparison.Ordinal));

    [Fact]
    public void Production_has_no_fallback_token_key_and_refuses_the_development_key_however_it_is_given()
    {
        var withoutKey = new Dictionary<string, string?>(ProductionSettings) { ["Auth:Jwt:PublicKey"] = null };
        Assert.Contains("Auth:Jwt:PublicKey (or Auth:Jwt:PublicKeyFile) is not set",
            Assert.Throws<InvalidOperationException>(() => Build("Production", withoutKey)).Message, StringComparison.Ordinal);

        var file = Path.GetTempFileName();
        try
        {
            // The private half names the same key; a file is read like the PEM text.
            File.WriteAllText(file, JwtKeys.DevelopmentPrivateKeyPem);
            var devKeyFile = new Dictionary<string, string?>(ProductionSettings) { ["Auth:Jwt:PublicKey"] = null, ["Auth:Jwt:PublicKeyFile"] = file };
            Assert.Contains("Auth:Jwt:PublicKey is the public development key",
                Assert.Throws<InvalidOperationException>(() => Build("Production", devKeyFile)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_token_key_that_is_too_short_or_not_a_key_is_refused_at_start_in_any_environment()
    {
        using var small = RSA.Create(1024);
        var tooShort = new Dictionary<string, string?> { ["Auth:Jwt:PublicKey"] = small.ExportSubjectPublicKeyInfoPem() };
        Assert.Contains("at least 2048", Assert.Throws<InvalidOperationException>(() => Build("Development", tooShort)).Message, StringComparison.Ordinal);

        var notAKey = new Dictionary<string, string?> { ["Auth:Jwt:PublicKey"] = "flashsale-DEV-ONLY-signing-key-change-me-0123456789" };
        Assert.Contains("not an RSA key", Assert.Throws<InvalidOperationException>(() => Build("Development", notAKey)).Message, StringComparison.Ordinal);
    }

    private static void Build(string environment, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
    }
}

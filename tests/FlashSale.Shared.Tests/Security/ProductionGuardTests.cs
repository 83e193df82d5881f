using FlashSale.ServiceDefaults;
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
        ["Auth:Jwt:SigningKey"] = "flashsale-DEV-ONLY-signing-key-change-me-0123456789",
        ["PurchaseTokens:SigningKey"] = "flashsale-DEV-ONLY-purchase-token-key-0123456789",
        ["Auth:DevIssuer:Enabled"] = "true",
        ["Auth:DevIssuer:AdminKey"] = "dev-admin-key",
        ["RabbitMq:Uri"] = "amqp://guest:guest@127.0.0.1:55672/",
        ["Postgres:Server"] = "Host=127.0.0.1;Port=55432;Username=postgres;Password=flashsale-dev",
        ["Redis:Configuration"] = "127.0.0.1:56379",
        ["Redis:RedlockEndpoints"] = "127.0.0.1:56380,127.0.0.1:56381,127.0.0.1:56382",
    };

    private static readonly Dictionary<string, string?> ProductionSettings = new()
    {
        ["Auth:Jwt:SigningKey"] = "a-real-signing-key-of-at-least-thirty-two-bytes",
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
                     "Auth:Jwt:SigningKey", "PurchaseTokens:SigningKey", "Auth:DevIssuer:Enabled", "Auth:DevIssuer:AdminKey",
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

    private static void Build(string environment, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
    }
}

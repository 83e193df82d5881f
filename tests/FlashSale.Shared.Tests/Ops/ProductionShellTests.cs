using FlashSale.Contracts;
using FlashSale.Contracts.Purchases;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Security;
using FlashSale.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FlashSale.Shared.Tests.Ops;

/// <summary>ops/production.sh's pieces that need no server: the broker grants and the token it mints.</summary>
public sealed class ProductionShellTests
{
    private static readonly string[] Queues =
        [ServiceQueues.InventoryStock, ServiceQueues.OrderSaga, ServiceQueues.WalletFunds, ServiceQueues.PaymentProvider, PurchaseQueues.OrderPurchaseReserved];

    [Fact]
    public async Task The_broker_grants_name_the_queues_the_code_defines_and_each_queue_belongs_to_one_service()
    {
        var rows = (await OpsShell.RunAsync("rabbit_grants_table")).Split('\n').Select(r => r.Split(';')).ToList();

        Assert.Equal(["inventory", "order", "payment", "wallet"], rows.Select(r => r[0]));
        var owned = rows.SelectMany(r => r[1].Split(' ')).Where(q => !q.Contains('*', StringComparison.Ordinal)).ToList();
        var sentTo = rows.SelectMany(r => r[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        Assert.Equal(Queues.Order(), owned.Order());
        Assert.All(sentTo, q => Assert.Contains(q, Queues));
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("inventory")]
    [InlineData("order")]
    [InlineData("payment")]
    [InlineData("wallet")]
    public async Task The_environment_the_production_profile_gives_a_host_passes_the_production_guard(string host)
    {
        var data = Directory.CreateTempSubdirectory("flashsale-prod-env-").FullName;
        try
        {
            var environment = await OpsShell.RunAsync(
                $"export FS_DATA={data} FS_SECRETS={data}/secrets FS_PROFILE=production && source ops/config.sh && source ops/servers.sh && source ops/dashboard.sh && " +
                $"source ops/hosts.sh && secrets_ensure && hosts_env && host_production_env {host} && env -0 | tr '\\0' '\\036'");
            var settings = environment.Split('\u001e', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .Where(pair => pair.Length == 2 && pair[0].Contains("__", StringComparison.Ordinal))
                .ToDictionary(pair => pair[0].Replace("__", ":", StringComparison.Ordinal), pair => (string?)pair[1]);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

            Assert.Equal("Production", environment.Split('\u001e').Single(l => l.StartsWith("ASPNETCORE_ENVIRONMENT=", StringComparison.Ordinal))[23..]);
            Assert.Empty(ProductionGuard.Problems(configuration));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task The_token_command_mints_what_the_hosts_accept_and_checks_its_arguments()
    {
        var token = await OpsShell.RunAsync("FS_PROFILE=development token_mint --user ops-1 --role admin");

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = new JwtOptions().Issuer,
            ValidAudience = new JwtOptions().Audience,
            IssuerSigningKey = JwtKeys.SecurityKey(JwtKeys.Import(JwtKeys.DevelopmentPublicKeyPem, "development key")),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(("ops-1", "admin"), (result.Claims["sub"], result.Claims["role"]));
        Assert.Equal("refused", await OpsShell.RunAsync("(token_mint --user 'not a user id' 2>/dev/null) || echo refused"));
        Assert.Equal("refused", await OpsShell.RunAsync("(token_mint --user u-1 --role root 2>/dev/null) || echo refused"));
    }
}

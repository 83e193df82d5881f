using FlashSale.Contracts;
using FlashSale.Contracts.Purchases;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.Testing;
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

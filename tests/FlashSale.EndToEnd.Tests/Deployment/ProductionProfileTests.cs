using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace FlashSale.EndToEnd.Tests.Deployment;

/// <summary>
/// The production profile (<see cref="ProductionProfile"/>): hosts in Production with generated secrets, per-service
/// database roles and broker users; tokens from `./flashsale.sh token` (the generated private key).
/// </summary>
public sealed class ProductionProfileTests(ProductionProfile profile) : IClassFixture<ProductionProfile>
{
    [Fact]
    public async Task A_sale_is_bought_and_paid_end_to_end_with_per_service_database_roles_and_broker_users()
    {
        var admin = await profile.TokenAsync("ops-1", "admin");
        var shopper = await profile.TokenAsync("prod-shopper-1");
        using var adminClient = ProductionProfile.Client(profile.Gateway, admin);
        using var shopperClient = ProductionProfile.Client(profile.Gateway, shopper);

        var created = await adminClient.PostAsJsonAsync("/api/admin/sales", new
        {
            sku = "prod-1",
            name = "production profile",
            price = 12.50m,
            stock = 3,
            startsAt = DateTimeOffset.UtcNow.AddSeconds(-1),
            endsAt = DateTimeOffset.UtcNow.AddHours(1),
            perUserLimit = 1,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var saleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await adminClient.PostAsJsonAsync("/api/admin/wallets/prod-shopper-1/credit", new { amount = 100m })).EnsureSuccessStatusCode();

        var purchaseToken = await Eventually.HoldsAsync(() => shopperClient.PostAsync($"/api/sales/{saleId}/purchase-token", null),
            r => r.StatusCode == HttpStatusCode.OK, "a purchase token once the sale is warm", TimeSpan.FromSeconds(30));
        var issued = await purchaseToken.Content.ReadFromJsonAsync<JsonElement>();
        var token = issued.GetProperty("token").GetString();
        using var purchase = new HttpRequestMessage(HttpMethod.Post, issued.GetProperty("purchaseUrl").GetString()) { Content = JsonContent.Create(new { token, quantity = 1 }) };
        purchase.Headers.Add("Idempotency-Key", "prod-purchase-1");
        var reserved = await shopperClient.SendAsync(purchase);
        Assert.Equal(HttpStatusCode.Accepted, reserved.StatusCode);
        var orderId = (await reserved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString();

        await WaitForStatusAsync(shopperClient, orderId!, "awaitingPayment");
        using var pay = new HttpRequestMessage(HttpMethod.Post, $"/api/orders/{orderId}/payment");
        pay.Headers.Add("Idempotency-Key", "prod-pay-1");
        Assert.True((await shopperClient.SendAsync(pay)).IsSuccessStatusCode);

        await WaitForStatusAsync(shopperClient, orderId!, "paid");
        var wallet = await Eventually.HoldsAsync(() => shopperClient.GetFromJsonAsync<JsonElement>("/api/wallet"),
            w => w.GetProperty("spent").GetDecimal() == 12.50m, "the wallet to show the spent amount", TimeSpan.FromSeconds(30));
        Assert.Equal(87.50m, wallet.GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task The_dev_issuer_is_gone_and_tokens_anyone_can_forge_are_refused_by_the_gateway_and_by_each_service()
    {
        using var anonymous = ProductionProfile.Client(profile.Gateway);
        Assert.Equal(HttpStatusCode.NotFound,
            (await anonymous.PostAsJsonAsync("/api/auth/token", new { userId = "ops-1", role = "admin", adminKey = "dev-admin-key" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsJsonAsync("/api/auth/token", new { userId = "u-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/openapi/inventory.json")).StatusCode);

        // The probe: an admin token forged offline with the public development key, sent straight to the wallet.
        foreach (var forged in new[]
                 {
                     TestTokens.Admin("attacker"), TestTokens.HmacWithPublicKey("attacker", "admin"), TestTokens.WithoutSignature("attacker", "admin"),
                 })
        {
            using var viaGateway = ProductionProfile.Client(profile.Gateway, forged);
            Assert.Equal(HttpStatusCode.Unauthorized, (await viaGateway.PostAsJsonAsync("/api/admin/wallets/attacker/credit", new { amount = 1_000_000m })).StatusCode);
            using var direct = ProductionProfile.Client(profile.Hosts["wallet"], forged);
            Assert.Equal(HttpStatusCode.Unauthorized, (await direct.PostAsJsonAsync("/api/admin/wallets/attacker/credit", new { amount = 1_000_000m })).StatusCode);
        }

        using var admin = ProductionProfile.Client(profile.Gateway, await profile.TokenAsync("ops-1", "admin"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/openapi/inventory.json")).StatusCode);
    }

    [Fact]
    public async Task A_service_broker_user_cannot_take_or_declare_another_services_queue_nor_send_where_it_does_not_send()
    {
        var factory = new ConnectionFactory { Uri = profile.BrokerUri("payment") };
        await using var connection = await factory.CreateConnectionAsync();

        // The wallet's queue: payment neither consumes nor sends there.
        await AssertRefusedAsync(connection, c => c.BasicGetAsync("wallet-funds", autoAck: true));
        await AssertRefusedAsync(connection, c => c.QueueDeclareAsync("wallet-funds", durable: true, exclusive: false, autoDelete: false));
        await AssertRefusedAsync(connection, async c =>
        {
            await c.BasicPublishAsync("wallet-funds", "", "{}"u8.ToArray());
            await c.QueueDeclarePassiveAsync("payment-provider"); // the refused publish closes the channel; the next call sees it
        });
        await AssertRefusedAsync(connection, c => c.ExchangeDeleteAsync("inventory-stock"));
    }

    [Fact]
    public async Task A_host_started_in_production_with_the_development_values_refuses_to_start_and_names_them()
    {
        var host = new HostProcess("wallet", FlashSaleSystem.ServiceProjects["wallet"], new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Postgres:Server"] = "Host=127.0.0.1;Port=55432;Username=postgres;Password=flashsale-dev",
            ["Auth:Jwt:PublicKeyFile"] = Path.Combine(RepositoryRoot.Path, "shared/FlashSale.ServiceDefaults/Authentication/DevKeys/dev-jwt-public.pem"),
        });
        await using (host)
        {
            host.Start();
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.WaitUntilHealthyAsync(timeout: TimeSpan.FromSeconds(60)));
            foreach (var expected in new[] { "Refusing to start in Production", "Auth:Jwt:PublicKey is the public development key", "RabbitMq:Uri", "Postgres:Server" })
            {
                Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Secrets_are_generated_once_readable_by_their_owner_only()
    {
        var before = profile.Secret("redis-password");
        await profile.ShellAsync("secrets_ensure");

        Assert.Equal(before, profile.Secret("redis-password"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(profile.Secrets));
        foreach (var file in Directory.GetFiles(profile.Secrets))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var ignored = await OpsShell.RunAsync("git check-ignore -q .flashsale/secrets/jwt-private.pem && echo ignored");
        Assert.Equal("ignored", ignored);
    }

    private static async Task WaitForStatusAsync(HttpClient shopper, string orderId, string status) =>
        await Eventually.HoldsAsync(async () => await shopper.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}"),
            o => o.GetProperty("status").GetString() == status, $"order {orderId} to be {status}", TimeSpan.FromSeconds(60));

    private static async Task AssertRefusedAsync(IConnection connection, Func<IChannel, Task> attempt)
    {
        await using var channel = await connection.CreateChannelAsync();
        var refused = await Assert.ThrowsAnyAsync<OperationInterruptedException>(() => attempt(channel));
        Assert.Equal((ushort)403, refused.ShutdownReason?.ReplyCode);
    }
}

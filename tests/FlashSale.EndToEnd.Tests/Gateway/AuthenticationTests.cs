using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Gateway;

[Collection(SharedSystem.Name)]
public sealed class AuthenticationTests(FlashSaleSystemFixture fixture)
{
    private FlashSaleSystem Running => fixture.System;

    [Theory]
    [InlineData("/api/orders")]
    [InlineData("/api/wallet")]
    [InlineData("/api/orders/123")]
    [InlineData("/api/payments/123")]
    public async Task Protected_routes_answer_401_without_a_token(string path)
    {
        using var client = Running.CreateGatewayClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_dev_token_reaches_orders_and_wallet_with_the_user_id_intact()
    {
        var user = $"shopper-{Guid.NewGuid():N}"[..30];
        var token = await IssueAsync(new { userId = user, role = "shopper" });
        using var client = Running.CreateGatewayClient(token);

        var orders = await client.GetAsync("/api/orders");
        var wallet = await client.GetFromJsonAsync<JsonElement>("/api/wallet");

        Assert.Equal(HttpStatusCode.OK, orders.StatusCode);
        Assert.Equal("[]", (await orders.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetRawText());
        Assert.Equal(user, wallet.GetProperty("userId").GetString());
        Assert.Equal(1000.00m, wallet.GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task A_token_with_a_forged_subject_is_refused()
    {
        var token = await IssueAsync(new { userId = "honest-user", role = "shopper" });
        using var client = Running.CreateGatewayClient(TestTokens.WithForgedSubject(token, "victim-user"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/wallet")).StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        using var client = Running.CreateGatewayClient(TestTokens.Create("u-1", "shopper", signingKey: TestTokens.AttackerKey));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/orders")).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var expired = TestTokens.Create("u-1", "shopper", lifetime: TimeSpan.FromMinutes(5), now: DateTime.UtcNow.AddHours(-1));
        using var client = Running.CreateGatewayClient(expired);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/orders")).StatusCode);
    }

    [Fact]
    public async Task Admin_routes_need_the_admin_role_and_an_admin_token_needs_the_admin_key()
    {
        var shopper = await IssueAsync(new { userId = "u-admin-test", role = "shopper" });
        using var shopperClient = Running.CreateGatewayClient(shopper);
        using var anonymous = Running.CreateGatewayClient();

        var asShopper = await shopperClient.PostAsJsonAsync("/api/admin/wallets/u-9/credit", new { amount = 5m });
        var adminWithoutKey = await anonymous.PostAsJsonAsync("/api/auth/token", new { userId = "mallory", role = "admin" });
        var adminWithWrongKey = await anonymous.PostAsJsonAsync("/api/auth/token", new { userId = "mallory", role = "admin", adminKey = "guess" });
        var admin = await IssueAsync(new { userId = "ops-1", role = "admin", adminKey = "dev-admin-key" });
        using var adminClient = Running.CreateGatewayClient(admin);
        var asAdmin = await adminClient.PostAsJsonAsync("/api/admin/wallets/u-9/credit", new { amount = 5m });

        Assert.Equal(HttpStatusCode.Forbidden, asShopper.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, adminWithoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, adminWithWrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
    }

    [Theory]
    [InlineData("""{"role":"shopper"}""")]
    [InlineData("""{"userId":"","role":"shopper"}""")]
    [InlineData("""{"userId":"has spaces","role":"shopper"}""")]
    [InlineData("""{"userId":"u-1","role":"superuser"}""")]
    [InlineData("""{"userId":""")]
    public async Task The_dev_issuer_answers_bad_requests_with_400_problems(string body)
    {
        using var client = Running.CreateGatewayClient();

        var response = await client.PostAsync("/api/auth/token", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Anonymous_reads_and_service_documents_pass_through()
    {
        using var client = Running.CreateGatewayClient();

        var time = await client.GetFromJsonAsync<JsonElement>("/api/time");
        var now = time.GetProperty("now").GetDateTimeOffset();

        Assert.InRange(now, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        foreach (var service in FlashSaleSystem.ServiceProjects.Keys)
        {
            var document = await client.GetFromJsonAsync<JsonElement>($"/openapi/{service}.json");
            Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        }
    }

    private async Task<string> IssueAsync(object request)
    {
        using var client = Running.CreateGatewayClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}

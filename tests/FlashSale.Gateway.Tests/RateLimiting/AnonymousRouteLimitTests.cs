using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FlashSale.Gateway.Tests.RateLimiting;

/// <summary>
/// What anyone can call without a token and what costs the gateway: minting tokens (an RSA signature each) and
/// readiness (a request to every service) are limited per client address, one address never slowing another.
/// </summary>
public sealed class AnonymousRouteLimitTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Token_minting_is_limited_per_client_address()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["Auth:DevIssuer:Enabled"] = "true",
            ["RateLimiting:Tokens:PerClientIp:PermitLimit"] = "4",
            ["RateLimiting:Tokens:PerClientIp:Window"] = "00:01:00",
        });
        using var client = gateway.CreateClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await SendAsync(client, HttpMethod.Post, "/api/auth/token", "198.51.100.21", new { userId = $"minter-{i}" }));
        }

        var elsewhere = await SendAsync(client, HttpMethod.Post, "/api/auth/token", "198.51.100.22", new { userId = "minter-x" });

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 4), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            answers.Select(a => a.StatusCode));
        await AssertPerClientIpAsync(answers[^1], "tokens");
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Readiness_is_limited_per_client_address()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:Health:PerClientIp:PermitLimit"] = "3",
            ["RateLimiting:Health:PerClientIp:Window"] = "00:01:00",
        });
        using var client = gateway.CreateClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await SendAsync(client, HttpMethod.Get, "/health/ready", "198.51.100.31"));
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 3), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            answers.Select(a => a.StatusCode));
        await AssertPerClientIpAsync(answers[^1], "health");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/health/ready", "198.51.100.32")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/health/live", "198.51.100.31")).StatusCode);
    }

    private static async Task AssertPerClientIpAsync(HttpResponseMessage refused, string policy)
    {
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("per-client-ip", problem.GetProperty("limit").GetString());
        Assert.Contains($"'{policy}'", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string address, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(TestClientAddress.Header, address);
        return client.SendAsync(request);
    }
}

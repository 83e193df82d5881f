using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FlashSale.Gateway.Tests.DevTokens;

/// <summary>The dev issuer's admin key cannot be guessed at network speed: wrong keys from one address end in 429.</summary>
public sealed class AdminKeyGuessingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string AdminKey = "the-real-admin-key";

    [Fact]
    public async Task Wrong_admin_keys_from_one_address_are_refused_with_429_while_others_and_shoppers_still_get_tokens()
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>
        {
            ["Auth:DevIssuer:Enabled"] = "true",
            ["Auth:DevIssuer:AdminKey"] = AdminKey,
            ["Auth:DevIssuer:AdminKeyFailuresPerWindow"] = "3",
            ["Auth:DevIssuer:AdminKeyWindow"] = "00:05:00",
        });
        using var client = gateway.CreateClient();

        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            guesses.Add((await IssueAsync(client, "198.51.100.7", "admin", $"guess-{i}")).StatusCode);
        }

        var rightKeyTooLate = await IssueAsync(client, "198.51.100.7", "admin", AdminKey);
        var shopperFromThere = await IssueAsync(client, "198.51.100.7", "shopper", null);
        var adminElsewhere = await IssueAsync(client, "198.51.100.8", "admin", AdminKey);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Forbidden, 3), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 7)], guesses);
        Assert.Equal(HttpStatusCode.TooManyRequests, rightKeyTooLate.StatusCode);
        Assert.InRange(int.Parse(rightKeyTooLate.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 300);
        var problem = await rightKeyTooLate.Content.ReadFromJsonAsync<JsonElement>();
        Assert.EndsWith("rate-limited", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, shopperFromThere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminElsewhere.StatusCode);
    }

    private static Task<HttpResponseMessage> IssueAsync(HttpClient client, string address, string role, string? adminKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token")
        {
            Content = JsonContent.Create(new { userId = "guesser", role, adminKey }),
        };
        request.Headers.Add(TestClientAddress.Header, address);
        return client.SendAsync(request);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Testing;

namespace FlashSale.Gateway.Tests;

/// <summary>Requests as a shopper sends them, and the checks every 429 of docs/api.md must pass.</summary>
public static class Shoppers
{
    public static string NewUserId() => $"u-{Guid.NewGuid():N}"[..20];

    public static string NewSaleId() => Random.Shared.NextInt64(1, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static HttpClient Client(ServiceFactory<Program> gateway, string userId, string? clientAddress = null)
    {
        var client = gateway.CreateClientFor(TestTokens.Shopper(userId));
        if (clientAddress is not null)
        {
            client.DefaultRequestHeaders.Add(TestClientAddress.Header, clientAddress);
        }

        return client;
    }

    public static async Task<HttpResponseMessage> PurchaseAsync(HttpClient client, string saleId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sales/{saleId}/purchases/address")
        {
            Content = JsonContent.Create(new { token = $"{saleId}.token", quantity = 1 }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return await client.SendAsync(request);
    }

    /// <summary>All at once, so the limits are tested under concurrency and not one request after another.</summary>
    public static Task<HttpResponseMessage[]> PurchaseConcurrentlyAsync(HttpClient client, string saleId, int count) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(_ => PurchaseAsync(client, saleId)));

    /// <summary>Sends <paramref name="count"/> requests at once and keeps only their status codes.</summary>
    public static async Task<HttpStatusCode[]> StatusesAsync(int count, Func<Task<HttpResponseMessage>> send) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            using var response = await send();
            return response.StatusCode;
        }));

    public static int Accepted(IEnumerable<HttpResponseMessage> responses) => responses.Count(r => r.StatusCode == HttpStatusCode.Accepted);

    /// <summary>429, problem+json of type .../rate-limited naming <paramref name="limit"/>, Retry-After in whole seconds.</summary>
    public static async Task<JsonElement> AssertRateLimitedAsync(HttpResponseMessage response, string limit, TimeSpan window)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), window);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.EndsWith("/rate-limited", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(limit, problem.GetProperty("limit").GetString());
        Assert.Contains($"{limit} limit is", problem.GetProperty("detail").GetString()!, StringComparison.OrdinalIgnoreCase);
        return problem;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Shopping;

/// <summary>The storefront API of docs/api.md as the end-to-end tests call it through the gateway.</summary>
public sealed class Storefront(FlashSaleSystem system)
{
    public sealed record Answer(HttpStatusCode Status, JsonElement Body)
    {
        public string? Problem => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("type", out var type)
            ? type.GetString()![(type.GetString()!.LastIndexOf('/') + 1)..]
            : null;

        public string Text(string property) => Body.GetProperty(property).GetString()!;
    }

    public async Task<string> CreateSaleAsync(string sku, decimal price, int stock, int perUserLimit)
    {
        using var admin = system.CreateGatewayClient(TestTokens.Admin());
        var created = await admin.PostAsJsonAsync("/api/admin/sales", new
        {
            sku,
            name = $"{sku} end-to-end",
            price,
            stock,
            startsAt = DateTimeOffset.UtcNow.AddSeconds(-1),
            endsAt = DateTimeOffset.UtcNow.AddHours(1),
            perUserLimit,
        });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task<string> PurchaseTokenAsync(string user, string saleId)
    {
        using var client = system.CreateGatewayClient(TestTokens.Shopper(user));
        var response = await client.PostAsync($"/api/sales/{saleId}/purchase-token", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public Task<Answer> PurchaseAsync(string user, string saleId, string token, string idempotencyKey, int quantity = 1) =>
        SendAsync(user, HttpMethod.Post, $"/api/sales/{saleId}/purchases", new { token, quantity }, idempotencyKey);

    public Task<Answer> PayAsync(string user, string orderId, string idempotencyKey) =>
        SendAsync(user, HttpMethod.Post, $"/api/orders/{orderId}/payment", null, idempotencyKey);

    public Task<Answer> OrderAsync(string user, string orderId) => SendAsync(user, HttpMethod.Get, $"/api/orders/{orderId}");

    public Task<Answer> WalletAsync(string user) => SendAsync(user, HttpMethod.Get, "/api/wallet");

    public async Task CreditAsync(string user, decimal amount)
    {
        using var admin = system.CreateGatewayClient(TestTokens.Admin());
        (await admin.PostAsJsonAsync($"/api/admin/wallets/{user}/credit", new { amount })).EnsureSuccessStatusCode();
    }

    public async Task<JsonElement> StockAsync(string saleId)
    {
        using var admin = system.CreateGatewayClient(TestTokens.Admin());
        return await admin.GetFromJsonAsync<JsonElement>($"/api/admin/sales/{saleId}/stock");
    }

    public async Task<JsonElement> ReconcileAsync()
    {
        using var admin = system.CreateGatewayClient(TestTokens.Admin());
        var response = await admin.PostAsync("/api/admin/reconciliation", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls the order until <paramref name="until"/> holds; returns its last state.</summary>
    public async Task<Answer> WaitForOrderAsync(string user, string orderId, Func<string, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        Answer answer;
        do
        {
            answer = await OrderAsync(user, orderId);
            if (answer.Status == HttpStatusCode.OK && until(answer.Text("status")))
            {
                return answer;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        return answer;
    }

    /// <summary>
    /// Polls until <paramref name="settled"/> holds for the JSON <paramref name="read"/> returns, or the timeout
    /// passes; returns the last reading. The saga's compensations (unfreeze, release) land just after the order's
    /// final state, so readers of the other stores wait for them to arrive.
    /// </summary>
    public static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> settled, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var last = await read();
        while (!settled(last) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            last = await read();
        }

        return last;
    }

    public Task<JsonElement> SettledWalletAsync(string user) =>
        EventuallyAsync(async () => (await WalletAsync(user)).Body, w => w.GetProperty("frozen").GetDecimal() == 0m);

    private async Task<Answer> SendAsync(string user, HttpMethod method, string path, object? body = null, string? idempotencyKey = null)
    {
        using var client = system.CreateGatewayClient(TestTokens.Shopper(user));
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new Answer(response.StatusCode, json);
    }
}

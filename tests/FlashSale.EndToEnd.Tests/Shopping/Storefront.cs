using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Shopping;

/// <summary>The storefront API of docs/api.md as the end-to-end tests call it through the gateway.</summary>
public sealed class Storefront(FlashSaleSystem system)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _purchaseUrls = new(StringComparer.Ordinal);

    public sealed record Answer(HttpStatusCode Status, JsonElement Body)
    {
        public string? Problem => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("type", out var type)
            ? type.GetString()![(type.GetString()!.LastIndexOf('/') + 1)..]
            : null;

        public string Text(string property) => Body.GetProperty(property).GetString()!;
    }

    /// <summary>A sale open now for an hour, or opening after <paramref name="startsIn"/>.</summary>
    public async Task<string> CreateSaleAsync(string sku, decimal price, int stock, int perUserLimit, TimeSpan? startsIn = null)
    {
        using var admin = system.CreateGatewayClient(TestTokens.Admin());
        var created = await admin.PostAsJsonAsync("/api/admin/sales", new
        {
            sku,
            name = $"{sku} end-to-end",
            price,
            stock,
            startsAt = DateTimeOffset.UtcNow.Add(startsIn ?? TimeSpan.FromSeconds(-1)),
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
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        _purchaseUrls[saleId] = issued.GetProperty("purchaseUrl").GetString()!;
        return issued.GetProperty("token").GetString()!;
    }

    /// <summary>The sale's purchase path, as its purchase tokens gave it (so only after one was fetched).</summary>
    public string PurchaseUrl(string saleId) => _purchaseUrls.TryGetValue(saleId, out var url)
        ? url
        : throw new InvalidOperationException($"no purchase token of sale {saleId} was fetched yet: its purchase path is unknown");

    public Task<Answer> PurchaseAsync(string user, string saleId, string token, string idempotencyKey, int quantity = 1) =>
        SendAsync(user, HttpMethod.Post, PurchaseUrl(saleId), new { token, quantity }, idempotencyKey);

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

    /// <summary>Polls the order until <paramref name="until"/> holds for its status; returns it then.</summary>
    public Task<Answer> WaitForOrderAsync(string user, string orderId, Func<string, bool> until, TimeSpan timeout) =>
        Eventually.HoldsAsync(() => OrderAsync(user, orderId), answer => answer.Status == HttpStatusCode.OK && until(answer.Text("status")),
            $"order {orderId} to reach the awaited status", timeout);

    /// <summary>
    /// The wallet once nothing in it is frozen: the saga's compensations (unfreeze) land just after the order's
    /// final state, so a reader of the wallet waits for them to arrive.
    /// </summary>
    public Task<JsonElement> SettledWalletAsync(string user) =>
        Eventually.HoldsAsync(async () => (await WalletAsync(user)).Body, w => w.GetProperty("frozen").GetDecimal() == 0m,
            $"{user}'s wallet to have nothing frozen", TimeSpan.FromSeconds(30));

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

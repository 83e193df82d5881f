using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.LoadDriver.Auth;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Http;

namespace FlashSale.LoadDriver.Api;

/// <summary>
/// The setup and verification calls of docs/api.md, through the gateway: creating sales and reading their
/// stock as an admin, purchase tokens and order look-ups as a shopper. Not on the measured path.
/// </summary>
public sealed class GatewayApi(HttpMessageInvoker http, Uri gateway, DevJwt jwt, TimeSpan timeout)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const int MaxTokenAttempts = 30;
    private readonly string _admin = "Bearer " + jwt.Admin("load-driver-admin", TimeSpan.FromHours(2));

    public Uri Gateway => gateway;

    public string ShopperAuthorization(string userId) => "Bearer " + jwt.Shopper(userId, TimeSpan.FromHours(2));

    public async Task<string> CreateSaleAsync(SaleSpec spec, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Post, "/api/admin/sales", _admin, JsonContent.Create(spec, options: Json));
        var result = await Exchange.SendAsync(http, request, timeout, ct, captureBody: true);
        if (result.Answer.Status != 201)
        {
            throw new SetupException($"creating the sale answered {result.Answer}: {result.Body}");
        }

        return JsonSerializer.Deserialize<CreatedSale>(result.Body!, Json)!.Id;
    }

    public async Task<StockView> StockAsync(string saleId, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, $"/api/admin/sales/{saleId}/stock", _admin);
        var result = await Exchange.SendAsync(http, request, timeout, ct, captureBody: true);
        return result.Answer.Status == 200
            ? JsonSerializer.Deserialize<StockView>(result.Body!, Json)!
            : throw new SetupException($"the stock view of sale {saleId} answered {result.Answer}: {result.Body}");
    }

    /// <summary>A shopper's purchase token (with a solved challenge where the sale has the human check), as <see cref="AsPoliteClientAsync{T}"/>.</summary>
    public Task<PurchaseToken> PurchaseTokenAsync(HttpMessageInvoker client, string authorization, string saleId, CancellationToken ct, string? humanCheck = null) =>
        AsPoliteClientAsync<PurchaseToken>(client, $"a purchase token for sale {saleId}", () => Request(HttpMethod.Post, $"/api/sales/{saleId}/purchase-token",
            authorization, humanCheck is null ? null : JsonContent.Create(new { humanCheck }, options: Json)), ct);

    /// <summary>GET /api/sales/{id} (anonymous): what kind of human check the sale asks for.</summary>
    public async Task<SaleInfo> SaleAsync(string saleId, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, $"/api/sales/{saleId}", null);
        var result = await Exchange.SendAsync(http, request, timeout, ct, captureBody: true);
        return result.Answer.Status == 200
            ? JsonSerializer.Deserialize<SaleInfo>(result.Body!, Json)!
            : throw new SetupException($"the view of sale {saleId} answered {result.Answer}: {result.Body}");
    }

    /// <summary>GET /api/sales/{id}/challenge as the shopper, as <see cref="AsPoliteClientAsync{T}"/>.</summary>
    public Task<ProofOfWorkChallenge> ChallengeAsync(HttpMessageInvoker client, string authorization, string saleId, CancellationToken ct) =>
        AsPoliteClientAsync<ProofOfWorkChallenge>(client, $"a challenge for sale {saleId}", () => Request(HttpMethod.Get, $"/api/sales/{saleId}/challenge", authorization), ct);

    /// <summary>
    /// A shopper's setup call, as a polite client makes it: a 429 waits its Retry-After, a 5xx or a dropped connection is
    /// retried after a short pause; anything else is a setup failure naming <paramref name="what"/>.
    /// </summary>
    private async Task<T> AsPoliteClientAsync<T>(HttpMessageInvoker client, string what, Func<HttpRequestMessage> request, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var message = request();
            var result = await Exchange.SendAsync(client, message, timeout, ct, captureBody: true);
            if (result.Answer.Status == 200)
            {
                return JsonSerializer.Deserialize<T>(result.Body!, Json)!;
            }

            if (!(result.Answer.Status == 429 || result.Answer.IsServerError) || attempt == MaxTokenAttempts)
            {
                throw new SetupException($"{what} answered {result.Answer} (attempt {attempt}): {result.Body}");
            }

            await Task.Delay((result.RetryAfter ?? TimeSpan.FromMilliseconds(200)) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250)), ct);
        }
    }

    /// <summary>GET /api/orders/{id} as its owner: the answer only (200 even while the order is pending).</summary>
    public async Task<Answer> OrderAsync(HttpMessageInvoker client, string authorization, string orderId, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, $"/api/orders/{orderId}", authorization);
        return (await Exchange.SendAsync(client, request, timeout, ct)).Answer;
    }

    /// <summary>
    /// GET /api/orders/{id} as its owner, with the order when it answered 200. With <paramref name="waitFor"/>, a long
    /// poll: the server answers once the order is in one of those statuses (or final), or after half the request timeout.
    /// </summary>
    public async Task<(Answer Answer, OrderView? Order)> OrderViewAsync(HttpMessageInvoker client, string authorization, string orderId, CancellationToken ct,
        string? waitFor = null)
    {
        var wait = string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds / 2:0.#}");
        using var request = Request(HttpMethod.Get, waitFor is null ? $"/api/orders/{orderId}" : $"/api/orders/{orderId}?waitFor={waitFor}&wait={wait}", authorization);
        var result = await Exchange.SendAsync(client, request, timeout, ct, captureBody: true);
        return (result.Answer, result.Answer.Status == 200 ? JsonSerializer.Deserialize<OrderView>(result.Body!, Json) : null);
    }

    /// <summary>POST /api/orders/{id}/payment as its owner; the same key for a retry of the same payment.</summary>
    public async Task<Answer> PayAsync(HttpMessageInvoker client, string authorization, string orderId, string idempotencyKey, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Post, $"/api/orders/{orderId}/payment", authorization);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return (await Exchange.SendAsync(client, request, timeout, ct)).Answer;
    }

    /// <summary>POST /api/admin/wallets/{userId}/credit (admin): opens the wallet if needed and adds the amount.</summary>
    public async Task CreditWalletAsync(string userId, decimal amount, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = Request(HttpMethod.Post, $"/api/admin/wallets/{userId}/credit", _admin, JsonContent.Create(new { amount }, options: Json));
            var result = await Exchange.SendAsync(http, request, timeout, ct, captureBody: true);
            if (result.Answer.Status == 200)
            {
                return;
            }

            if (!result.Answer.IsServerError || attempt == MaxTokenAttempts)
            {
                throw new SetupException($"crediting the wallet of {userId} answered {result.Answer} (attempt {attempt}): {result.Body}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 + Random.Shared.Next(0, 250)), ct);
        }
    }

    /// <summary>GET /api/wallet as the shopper (opens it with the configured opening balance on first use).</summary>
    public async Task<WalletView> WalletAsync(string authorization, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, "/api/wallet", authorization);
        var result = await Exchange.SendAsync(http, request, timeout, ct, captureBody: true);
        return result.Answer.Status == 200
            ? JsonSerializer.Deserialize<WalletView>(result.Body!, Json)!
            : throw new SetupException($"the wallet answered {result.Answer}: {result.Body}");
    }

    /// <summary>POST /api/admin/reconciliation: a run now; a 503 (another run under way) is retried after its Retry-After.</summary>
    public async Task<ReconciliationReport> ReconcileAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = Request(HttpMethod.Post, "/api/admin/reconciliation", _admin);
            var result = await Exchange.SendForWholeBodyAsync(http, request, timeout * 6, ct);
            if (result.Answer.Status == 200)
            {
                return JsonSerializer.Deserialize<ReconciliationReport>(result.Body!, Json)!;
            }

            if (!result.Answer.IsServerError || attempt == 5)
            {
                throw new SetupException($"reconciliation answered {result.Answer} (attempt {attempt}): {result.Body}");
            }

            await Task.Delay(result.RetryAfter ?? TimeSpan.FromSeconds(2), ct);
        }
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? authorization, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(gateway, path)) { Content = content };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }
}

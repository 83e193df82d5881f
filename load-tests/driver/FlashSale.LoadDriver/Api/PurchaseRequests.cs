using System.Globalization;
using FlashSale.LoadDriver.Load;

namespace FlashSale.LoadDriver.Api;

/// <summary>
/// POST {purchaseUrl} (the sale's purchase path, given with the tokens) from the shoppers in turn, each request a new
/// purchase (its own Idempotency-Key). Headers are added without validation: their values were built by the driver.
/// </summary>
public sealed class PurchaseRequests(Uri gateway, string saleId, IReadOnlyList<Shopper> shoppers, string runTag) : IRequestSource
{
    private readonly Uri _uri = new(gateway, shoppers[0].PurchaseUrl.StartsWith($"/api/sales/{saleId}/", StringComparison.Ordinal)
        ? shoppers[0].PurchaseUrl
        : throw new ArgumentException($"the shoppers' purchase path {shoppers[0].PurchaseUrl} is not sale {saleId}'s", nameof(shoppers)));
    private readonly string _keyPrefix = runTag + "-";

    public HttpRequestMessage Create(long sequence)
    {
        var shopper = shoppers[(int)(sequence % shoppers.Count)];
        return Create(shopper, string.Concat(_keyPrefix, sequence.ToString(CultureInfo.InvariantCulture)));
    }

    public HttpRequestMessage Create(Shopper shopper, string idempotencyKey)
    {
        var content = new ByteArrayContent(shopper.PurchaseBody);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", shopper.Authorization);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return request;
    }
}

/// <summary>GET /api/time: the trivial endpoint behind the gateway, the pass-through baseline.</summary>
public sealed class ServerTimeRequests(Uri gateway) : IRequestSource
{
    private readonly Uri _uri = new(gateway, "/api/time");

    public HttpRequestMessage Create(long sequence) => new(HttpMethod.Get, _uri);
}

/// <summary>GET /api/sales/{id}: one sale's view, answered from the inventory's Redis cache (anonymous, no conditional headers).</summary>
public sealed class SaleViewRequests(Uri gateway, string saleId) : IRequestSource
{
    private readonly Uri _uri = new(gateway, $"/api/sales/{saleId}");

    public HttpRequestMessage Create(long sequence) => new(HttpMethod.Get, _uri);
}

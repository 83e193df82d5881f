using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FlashSale.Inventory.Purchases;
using FlashSale.Inventory.Tests.Purchases;
using FlashSale.Testing;

namespace FlashSale.Inventory.Tests.StockLedger;

/// <summary>An admitted purchase, as the order saga knows it.</summary>
public sealed record AdmittedOrder(long Id, string UserId, int Quantity);

public static class Shoppers
{
    /// <summary>One shopper per quantity, all at once, through both instances; every purchase must be admitted.</summary>
    public static async Task<List<AdmittedOrder>> BuyAsync(TwoInstancesFixture fixture, string saleId, string prefix, params int[] quantities) =>
        [.. await Task.WhenAll(quantities.Select(async (quantity, i) =>
        {
            var userId = $"{prefix}-{i}";
            var response = await PurchaseAsync(fixture, i % 2, userId, saleId, quantity);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var orderId = (await response.Content.ReadFromJsonAsync<PurchaseAccepted>())!.OrderId;
            return new AdmittedOrder(long.Parse(orderId, CultureInfo.InvariantCulture), userId, quantity);
        }))];

    public static async Task<HttpResponseMessage> PurchaseAsync(TwoInstancesFixture fixture, int instance, string userId, string saleId, int quantity)
    {
        using var client = fixture.Instances[instance].CreateClientFor(TestTokens.Shopper(userId));
        var token = await TwoInstancesFixture.TokenAsync(client, saleId);
        return await fixture.PurchaseAsync(client, saleId, Guid.NewGuid().ToString("N"), token, quantity);
    }

    /// <summary>One unit for each of <paramref name="count"/> new shoppers, all at once: the statuses they got.</summary>
    public static async Task<HttpStatusCode[]> RaceAsync(TwoInstancesFixture fixture, string saleId, string prefix, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i => (await PurchaseAsync(fixture, i % 2, $"{prefix}-{i}", saleId, 1)).StatusCode));
}

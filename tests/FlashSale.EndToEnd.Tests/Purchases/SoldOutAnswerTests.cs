using System.Net;
using FlashSale.EndToEnd.Tests.Shopping;

namespace FlashSale.EndToEnd.Tests.Purchases;

/// <summary>
/// After sell-out the gateway answers strangers from memory (gateway/FlashSale.Gateway/SoldOut/); through the whole system
/// the answers must stay what inventory would give: sold out for everyone else, the same order for the admitted shopper's
/// retry with its Idempotency-Key (I7), whichever of the two answers.
/// </summary>
[Collection(SharedSystem.Name)]
public sealed class SoldOutAnswerTests(FlashSaleSystemFixture fixture)
{
    [Fact]
    public async Task After_sell_out_strangers_get_sold_out_and_the_admitted_shoppers_retry_gets_its_order_again()
    {
        var shop = new Storefront(fixture.System);
        var run = Guid.NewGuid().ToString("N")[..8];
        var sale = await shop.CreateSaleAsync($"SKU-SOLDOUT-{run}", 5m, stock: 1, perUserLimit: 1);
        var buyer = $"so-buyer-{run}";
        var buyerToken = await shop.PurchaseTokenAsync(buyer, sale);
        var key = Guid.NewGuid().ToString();
        var bought = await shop.PurchaseAsync(buyer, sale, buyerToken, key);
        Assert.Equal(HttpStatusCode.Accepted, bought.Status);

        for (var i = 0; i < 20; i++)
        {
            var stranger = $"so-stranger-{run}-{i}";
            var refused = await shop.PurchaseAsync(stranger, sale, await shop.PurchaseTokenAsync(stranger, sale), Guid.NewGuid().ToString());
            Assert.Equal(HttpStatusCode.Conflict, refused.Status);
            Assert.Equal("sold-out", refused.Problem);
            Assert.Equal($"Sale {sale} has no units left for this purchase.", refused.Text("detail"));

            // A few retries only: the gateway's per-user purchase rate counts them (a 429 would prove nothing here).
            if (i is 0 or 10 or 19)
            {
                var retry = await shop.PurchaseAsync(buyer, sale, buyerToken, key);
                Assert.Equal(HttpStatusCode.Accepted, retry.Status);
                Assert.Equal(bought.Text("orderId"), retry.Text("orderId"));
            }

            // Time for the gateway to read the sale after inventory's first sold-out, so later rounds are answered from memory.
            await Task.Delay(TimeSpan.FromMilliseconds(i == 0 ? 300 : 20));
        }
    }
}

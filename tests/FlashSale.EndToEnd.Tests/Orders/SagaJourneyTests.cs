using System.Net;
using FlashSale.EndToEnd.Tests.Shopping;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Orders;

[Collection(SagaSystem.Name)]
public sealed class SagaJourneyTests(SagaSystemFixture fixture)
{
    private const int Stock = 24;
    private const decimal Price = 9.90m;

    /// <summary>
    /// A sale of N units and more shoppers than units: some winners pay, some pay without enough money,
    /// some never pay. Afterwards every order is paid or cancelled, units paid + units available == N in
    /// Redis and PostgreSQL, wallets conserve money, no order is charged twice, and the cancelled units
    /// can be bought again — exactly once each. Every message reaches every consumer twice meanwhile.
    /// </summary>
    [Fact]
    public async Task Every_order_ends_paid_or_cancelled_and_stock_and_money_add_up()
    {
        var shop = new Storefront(fixture.System);
        var run = Guid.NewGuid().ToString("N")[..8];
        var saleId = await shop.CreateSaleAsync($"SKU-SAGA-{run}", Price, Stock, perUserLimit: 1);
        var shoppers = Enumerable.Range(0, Stock + 8).Select(i => $"saga-{run}-{i}").ToList();

        var winners = await BuyAsync(shop, saleId, shoppers);
        Assert.Equal(Stock, winners.Count);
        var payers = winners.Take(10).ToList();
        var poor = winners.Skip(10).Take(6).ToList();
        var idle = winners.Skip(16).ToList();
        await Task.WhenAll(payers.Select(w => shop.CreditAsync(w.User, 50m)).Concat(poor.Select(w => shop.CreditAsync(w.User, 5m))));
        foreach (var w in payers.Concat(poor))
        {
            await shop.WaitForOrderAsync(w.User, w.OrderId, s => s == "awaitingPayment", TimeSpan.FromSeconds(30));
        }

        var payments = await Task.WhenAll(payers.Concat(poor).Select(async w => (w, await shop.PayAsync(w.User, w.OrderId, $"pay-{w.OrderId}"))));
        Assert.All(payments, p => Assert.Equal(HttpStatusCode.Accepted, p.Item2.Status));
        var again = await shop.PayAsync(payers[0].User, payers[0].OrderId, $"pay-{payers[0].OrderId}");
        Assert.Equal(payments[0].Item2.Text("paymentId"), again.Text("paymentId"));
        var second = await shop.PayAsync(payers[0].User, payers[0].OrderId, "another-key");
        Assert.Equal((HttpStatusCode.Conflict, "order-not-payable"), (second.Status, second.Problem));

        foreach (var w in payers)
        {
            var order = await shop.WaitForOrderAsync(w.User, w.OrderId, s => s is "paid" or "cancelled", SagaSystemFixture.SettleTimeout);
            Assert.Equal("paid", order.Text("status"));
        }

        foreach (var w in poor)
        {
            var order = await shop.WaitForOrderAsync(w.User, w.OrderId, s => s is "paid" or "cancelled", SagaSystemFixture.SettleTimeout);
            Assert.Equal(("cancelled", "insufficient-funds"), (order.Text("status"), order.Text("cancelReason")));
        }

        foreach (var w in idle)
        {
            var order = await shop.WaitForOrderAsync(w.User, w.OrderId, s => s is "paid" or "cancelled", SagaSystemFixture.SettleTimeout);
            Assert.Equal(("cancelled", "payment-deadline-passed"), (order.Text("status"), order.Text("cancelReason")));
        }

        // A late payment never revives a cancelled order.
        var late = await shop.PayAsync(idle[0].User, idle[0].OrderId, "late");
        Assert.Equal((HttpStatusCode.Conflict, "order-not-payable"), (late.Status, late.Problem));

        // Every duplicate delivery handled and every outbox sent: a second charge or release would show from here on.
        await fixture.System.WaitUntilQuietAsync();

        foreach (var w in payers)
        {
            var wallet = await shop.SettledWalletAsync(w.User);
            Assert.Equal((50m - Price, 0m, Price), (wallet.GetProperty("balance").GetDecimal(), wallet.GetProperty("frozen").GetDecimal(), wallet.GetProperty("spent").GetDecimal()));
        }

        foreach (var w in poor)
        {
            var wallet = await shop.SettledWalletAsync(w.User);
            Assert.Equal((5m, 0m, 0m), (wallet.GetProperty("balance").GetDecimal(), wallet.GetProperty("frozen").GetDecimal(), wallet.GetProperty("spent").GetDecimal()));
        }

        var released = Stock - payers.Count;
        await AssertStockAsync(shop, saleId, sold: payers.Count, released: released);

        // The released units are really back: new shoppers get exactly that many, not one more.
        var rebuyers = await BuyAsync(shop, saleId, Enumerable.Range(0, released + 6).Select(i => $"saga-{run}-again-{i}").ToList());
        Assert.Equal(released, rebuyers.Count);
    }

    [Fact]
    public async Task A_declined_payment_cancels_the_order_and_gives_back_the_money_and_the_unit()
    {
        var shop = new Storefront(fixture.System);
        var run = Guid.NewGuid().ToString("N")[..8];
        var saleId = await shop.CreateSaleAsync($"SKU-DECLINE-{run}", Price, stock: 1, perUserLimit: 1);
        var user = $"{SagaSystemFixture.DeclinedPrefix}{run}";
        var (_, orderId) = Assert.Single(await BuyAsync(shop, saleId, [user]));
        await shop.CreditAsync(user, 50m);
        await shop.WaitForOrderAsync(user, orderId, s => s == "awaitingPayment", TimeSpan.FromSeconds(30));

        var payment = await shop.PayAsync(user, orderId, $"pay-{orderId}");

        Assert.Equal(HttpStatusCode.Accepted, payment.Status);
        var order = await shop.WaitForOrderAsync(user, orderId, s => s is "paid" or "cancelled", SagaSystemFixture.SettleTimeout);
        Assert.Equal(("cancelled", "payment-declined"), (order.Text("status"), order.Text("cancelReason")));
        await fixture.System.WaitUntilQuietAsync();
        var wallet = await shop.SettledWalletAsync(user);
        Assert.Equal((50m, 0m, 0m), (wallet.GetProperty("balance").GetDecimal(), wallet.GetProperty("frozen").GetDecimal(), wallet.GetProperty("spent").GetDecimal()));
        await AssertStockAsync(shop, saleId, sold: 0, released: 1);
    }

    internal static async Task<List<(string User, string OrderId)>> BuyAsync(Storefront shop, string saleId, List<string> shoppers)
    {
        var answers = await Task.WhenAll(shoppers.Select(async user =>
        {
            var token = await shop.PurchaseTokenAsync(user, saleId);
            var answer = await shop.PurchaseAsync(user, saleId, token, $"buy-{user}");
            Assert.True(answer.Status is HttpStatusCode.Accepted || answer.Problem == "sold-out", $"{user}: {(int)answer.Status} {answer.Problem}");
            return (user, answer);
        }));
        return answers.Where(a => a.answer.Status == HttpStatusCode.Accepted).Select(a => (a.user, a.answer.Text("orderId"))).ToList();
    }

    internal static async Task AssertStockAsync(Storefront shop, string saleId, int sold, int released)
    {
        var stock = await Eventually.HoldsAsync(() => shop.StockAsync(saleId), s =>
            s.GetProperty("sold").GetInt32() == sold && s.GetProperty("released").GetInt32() == released
            && s.GetProperty("reserved").GetInt32() == 0
            && s.GetProperty("availableInCache").GetInt64() == s.GetProperty("availableInDatabase").GetInt32(),
            $"sale {saleId} to show {sold} sold and {released} released, nothing reserved, Redis = PostgreSQL", TimeSpan.FromSeconds(30));
        var initial = stock.GetProperty("initialStock").GetInt32();
        Assert.Equal(sold, stock.GetProperty("sold").GetInt32());
        Assert.Equal(0, stock.GetProperty("reserved").GetInt32());
        Assert.Equal(released, stock.GetProperty("released").GetInt32());
        Assert.Equal(initial - sold, stock.GetProperty("availableInDatabase").GetInt32());
        Assert.Equal(initial - sold, stock.GetProperty("availableInCache").GetInt64());

        var report = await shop.ReconcileAsync();
        var sale = Assert.Single(report.GetProperty("sales").EnumerateArray(), s => s.GetProperty("saleId").GetString() == saleId);
        Assert.Equal((0, false), (sale.GetProperty("drift").GetInt64(), sale.GetProperty("repaired").GetBoolean()));
    }
}

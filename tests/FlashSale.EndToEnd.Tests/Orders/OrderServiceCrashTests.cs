using System.Net;
using FlashSale.EndToEnd.Tests.Shopping;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Orders;

[Collection(RestartSystem.Name)]
public sealed class OrderServiceCrashTests(RestartSystemFixture fixture)
{
    private const int Stock = 16;
    private const decimal Price = 9.90m;
    private const decimal Credit = 30m;

    /// <summary>The orchestrator's queue (ServiceQueues.OrderSaga): these tests see the system from outside only.</summary>
    private const string OrderSagaQueue = "order-saga";

    /// <summary>
    /// The order service (the saga's orchestrator) is SIGKILLed while payments are in flight and started
    /// again: the saga resumes from its persisted state and the queued replies, and every order still
    /// ends paid, charged exactly once, with the stock and the wallets adding up.
    /// </summary>
    [Fact]
    public async Task Killing_the_order_service_mid_saga_changes_no_outcome()
    {
        var system = fixture.System;
        var shop = new Storefront(system);
        var run = Guid.NewGuid().ToString("N")[..8];
        var saleId = await shop.CreateSaleAsync($"SKU-KILL-{run}", Price, Stock, perUserLimit: 1);
        var winners = await SagaJourneyTests.BuyAsync(shop, saleId, Enumerable.Range(0, Stock).Select(i => $"kill-{run}-{i}").ToList());
        Assert.Equal(Stock, winners.Count);
        await Task.WhenAll(winners.Select(w => shop.CreditAsync(w.User, Credit)));
        foreach (var w in winners)
        {
            await shop.WaitForOrderAsync(w.User, w.OrderId, s => s == "awaitingPayment", TimeSpan.FromSeconds(30));
        }

        var payments = await Task.WhenAll(winners.Select(w => shop.PayAsync(w.User, w.OrderId, $"pay-{w.OrderId}")));
        Assert.All(payments, p => Assert.Equal(HttpStatusCode.Accepted, p.Status));
        var order = system.Services["order"];
        await order.KillAsync();
        // Started again only once messages for the dead orchestrator wait in its queue: otherwise the saga was
        // already done and nothing would be resumed (management statistics lag, so this takes a few seconds).
        await Eventually.HoldsAsync(() => system.Scope.QueueDepthAsync(OrderSagaQueue), depth => depth > 0,
            "messages for the killed order service to pile up in its queue", TimeSpan.FromSeconds(30));
        order.Start();
        await order.WaitUntilHealthyAsync();

        foreach (var w in winners)
        {
            var settled = await shop.WaitForOrderAsync(w.User, w.OrderId, s => s is "paid" or "cancelled", TimeSpan.FromMinutes(3));
            Assert.Equal("paid", settled.Text("status"));
        }

        await system.WaitUntilQuietAsync();
        foreach (var w in winners)
        {
            var wallet = await shop.SettledWalletAsync(w.User);
            Assert.Equal((Credit - Price, 0m, Price), (wallet.GetProperty("balance").GetDecimal(), wallet.GetProperty("frozen").GetDecimal(), wallet.GetProperty("spent").GetDecimal()));
        }

        await SagaJourneyTests.AssertStockAsync(shop, saleId, sold: Stock, released: 0);
    }
}

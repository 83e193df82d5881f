using System.Net;
using FlashSale.EndToEnd.Tests.Orders;
using FlashSale.EndToEnd.Tests.Shopping;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Observability;

/// <summary>
/// The trace context survives every hop that is not plain HTTP: the Redis stream between the purchase and the relay,
/// the outbox rows between a transaction and its send, RabbitMQ between the services, and the inbox batches.
/// Proven on what the hosts really exported to an Aspire dashboard, read back through its telemetry API.
/// </summary>
[Collection(ObservedSystem.Name)]
public sealed class TraceAcrossTheSystemTests(ObservedSystemFixture fixture)
{
    private const string Gateway = "FlashSale.Gateway";
    private const string Inventory = "FlashSale.Inventory";
    private const string Order = "FlashSale.Order";
    private const string Payment = "FlashSale.Payment";
    private const string Wallet = "FlashSale.Wallet";

    [Fact]
    public async Task A_purchase_and_its_payment_are_each_one_trace_across_the_broker_and_the_payment_reaches_all_five_hosts()
    {
        var shop = new Storefront(fixture.System);
        var run = Guid.NewGuid().ToString("N")[..8];
        var saleId = await shop.CreateSaleAsync($"SKU-TRACE-{run}", 9.90m, stock: 1, perUserLimit: 1);
        var user = $"traced-{run}";
        var (_, orderId) = Assert.Single(await SagaJourneyTests.BuyAsync(shop, saleId, [user]));
        await shop.CreditAsync(user, 50m);
        await shop.WaitForOrderAsync(user, orderId, s => s == "awaitingPayment", TimeSpan.FromSeconds(30));
        // 404 until the saga's announcement reached the payment service (it waits 5 s for it); a retry under the same key is safe.
        await Eventually.HoldsAsync(() => shop.PayAsync(user, orderId, $"pay-{orderId}"), a => a.Status == HttpStatusCode.Accepted,
            "the payment to be accepted", TimeSpan.FromSeconds(60));
        Assert.Equal("paid", (await shop.WaitForOrderAsync(user, orderId, s => s is "paid" or "cancelled", TimeSpan.FromSeconds(60))).Text("status"));
        await fixture.System.WaitUntilQuietAsync();

        var telemetry = new DashboardTelemetry(fixture.Dashboard.BaseAddress);
        // The purchase: gateway → inventory → Redis stream → relay → RabbitMQ → order creation → payment's read model.
        var purchase = await TraceOfAsync(telemetry, shop.PurchaseUrl(saleId), [Gateway, Inventory, Order, Payment],
            [(Inventory, "hand off reservation"), (Order, "apply PurchaseReserved")]);
        Assert.Contains(purchase, s => s.Service == Inventory && s.Name == "hand off reservation");
        Assert.Contains(purchase, s => s.Service == Order && s.Name == "apply PurchaseReserved");
        // The payment: gateway → payment → order saga → wallet (TCC Try) → order → payment (capture) → order → wallet
        // (Confirm), inventory (sold): every step through an outbox row and RabbitMQ.
        var payment = await TraceOfAsync(telemetry, $"/api/orders/{orderId}/payment", [Gateway, Payment, Order, Wallet, Inventory],
            [(Wallet, "apply FreezeFunds"), (Payment, "apply CapturePayment"), (Wallet, "apply ChargeFrozenFunds"), (Inventory, "apply MarkStockSold")]);
        Assert.Contains(payment, s => s.Service == Wallet && s.Name == "apply FreezeFunds");
        Assert.Contains(payment, s => s.Service == Payment && s.Name == "apply CapturePayment");
        Assert.Contains(payment, s => s.Service == Wallet && s.Name == "apply ChargeFrozenFunds");
        Assert.Contains(payment, s => s.Service == Inventory && s.Name == "apply MarkStockSold");
        Assert.Contains(payment, s => s.Service == Order && s.Name.StartsWith("outbox send ", StringComparison.Ordinal));
    }

    /// <summary>
    /// The trace whose gateway request had <paramref name="path"/>, once it holds spans of every one of <paramref name="hosts"/>
    /// and the <paramref name="named"/> spans: each host exports its spans in batches of its own, so the last step's span
    /// may arrive a moment after the host's first.
    /// </summary>
    private static async Task<IReadOnlyList<TracedSpan>> TraceOfAsync(DashboardTelemetry telemetry, string path, string[] hosts,
        (string Service, string Name)[] named)
    {
        var request = await Eventually.HoldsAsync(async () => (await telemetry.SpansAsync(Gateway))
                .FirstOrDefault(s => s.Service == Gateway && s.Attributes.GetValueOrDefault("url.path") == path),
            span => span is not null, $"the gateway's span of {path} on the dashboard", TimeSpan.FromSeconds(30));
        return await Eventually.HoldsAsync(() => telemetry.TraceAsync(request!.TraceId),
            spans => hosts.All(host => spans.Any(s => s.Service == host)) && named.All(n => spans.Any(s => s.Service == n.Service && s.Name == n.Name)),
            $"trace {request!.TraceId} ({path}) to hold spans of {string.Join(", ", hosts)} and {string.Join(", ", named.Select(n => n.Name))}",
            TimeSpan.FromSeconds(30));
    }
}

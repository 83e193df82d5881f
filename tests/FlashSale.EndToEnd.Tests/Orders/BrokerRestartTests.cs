using System.Diagnostics;
using System.Net;
using FlashSale.EndToEnd.Tests.Shopping;

namespace FlashSale.EndToEnd.Tests.Orders;

/// <summary>Runs only when told how to restart the broker (./flashsale.sh test runs it alone, after the rest).</summary>
public sealed class BrokerRestartFactAttribute : FactAttribute
{
    public const string RestartCommand = "FLASHSALE_TEST_RABBITMQ_RESTART";

    public BrokerRestartFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(RestartCommand)))
        {
            Skip = $"restarts the shared RabbitMQ: set {RestartCommand} (./flashsale.sh test does, running it alone)";
        }
    }
}

[Collection(RestartSystem.Name)]
[Trait("Category", "BrokerRestart")]
public sealed class BrokerRestartTests(RestartSystemFixture fixture)
{
    private const int Stock = 12;
    private const decimal Price = 4.50m;

    /// <summary>
    /// RabbitMQ is stopped and started while sagas are in flight: messages already queued survive
    /// (durable queues, persistent messages), messages written meanwhile wait in the outboxes, every
    /// service reconnects, and every order still ends paid, exactly once.
    /// </summary>
    [BrokerRestartFact]
    public async Task Restarting_RabbitMQ_mid_run_loses_nothing()
    {
        var shop = new Storefront(fixture.System);
        var run = Guid.NewGuid().ToString("N")[..8];
        var saleId = await shop.CreateSaleAsync($"SKU-BROKER-{run}", Price, Stock, perUserLimit: 1);
        var winners = await SagaJourneyTests.BuyAsync(shop, saleId, Enumerable.Range(0, Stock).Select(i => $"broker-{run}-{i}").ToList());
        Assert.Equal(Stock, winners.Count);
        await Task.WhenAll(winners.Select(w => shop.CreditAsync(w.User, 20m)));
        foreach (var w in winners)
        {
            await shop.WaitForOrderAsync(w.User, w.OrderId, s => s == "awaitingPayment", TimeSpan.FromSeconds(30));
        }

        var firstHalf = winners.Take(Stock / 2).ToList();
        Assert.All(await Task.WhenAll(firstHalf.Select(w => shop.PayAsync(w.User, w.OrderId, $"pay-{w.OrderId}"))),
            p => Assert.Equal(HttpStatusCode.Accepted, p.Status));

        var restart = RestartBrokerAsync();
        // Payments accepted while the broker is away are kept in the payment service's outbox.
        var secondHalf = winners.Skip(Stock / 2).ToList();
        var during = await Task.WhenAll(secondHalf.Select(w => shop.PayAsync(w.User, w.OrderId, $"pay-{w.OrderId}")));
        await restart;
        Assert.All(during, p => Assert.Equal(HttpStatusCode.Accepted, p.Status));

        foreach (var w in winners)
        {
            var settled = await shop.WaitForOrderAsync(w.User, w.OrderId, s => s is "paid" or "cancelled", TimeSpan.FromMinutes(2));
            Assert.Equal("paid", settled.Text("status"));
        }

        await fixture.System.WaitUntilQuietAsync();
        foreach (var w in winners)
        {
            var wallet = await shop.SettledWalletAsync(w.User);
            Assert.Equal((20m - Price, 0m, Price), (wallet.GetProperty("balance").GetDecimal(), wallet.GetProperty("frozen").GetDecimal(), wallet.GetProperty("spent").GetDecimal()));
        }

        await SagaJourneyTests.AssertStockAsync(shop, saleId, sold: Stock, released: 0);
    }

    private static async Task RestartBrokerAsync()
    {
        var command = Environment.GetEnvironmentVariable(BrokerRestartFactAttribute.RestartCommand)!;
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"broker restart failed: {await output} {await errors}");
    }
}

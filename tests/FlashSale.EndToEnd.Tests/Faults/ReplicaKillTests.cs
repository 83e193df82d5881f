using System.Net;
using FlashSale.EndToEnd.Tests.Orders;
using FlashSale.EndToEnd.Tests.Shopping;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Faults;

[CollectionDefinition(Name)]
public sealed class ReplicaSystem : ICollectionFixture<ReplicaSystemFixture>
{
    public const string Name = "replica-system";
}

/// <summary>Two instances of every service behind one gateway; wallets open empty (the test credits its payers).</summary>
public sealed class ReplicaSystemFixture : IAsyncLifetime
{
    private FlashSaleSystem? _system;

    public FlashSaleSystem System => _system ?? throw new InvalidOperationException("The system is not started.");

    public async Task InitializeAsync() => _system = await FlashSaleSystem.StartAsync(new Dictionary<string, string?>
    {
        ["Orders:PaymentWindow"] = "00:01:00",
        ["Wallet:OpeningBalance"] = "0",
    }, replicas: 2);

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }
}

/// <summary>
/// One short chaos round (./flashsale.sh chaos kill-instances, in the suite): shoppers buy and pay while one instance of
/// every service is SIGKILLed; the other instance carries on. Shoppers behave like the load driver's: a failed call is
/// retried with the same Idempotency-Key.
/// </summary>
[Collection(ReplicaSystem.Name)]
public sealed class ReplicaKillTests(ReplicaSystemFixture fixture)
{
    private const int Stock = 60;
    private const int Shoppers = 90;
    private const decimal Price = 3.00m;

    /// <summary>
    /// With two replicas, SIGKILL of one instance of inventory, order, payment and wallet in the middle of the buying and
    /// paying: purchase calls fail only while the gateway notices (at most the calls in flight to the dead instances, and
    /// under 5 % of all), every shopper who got a 202 and pays ends paid, exactly the stock is sold, and the stock agrees.
    /// </summary>
    [Fact]
    public async Task Killing_one_instance_of_every_service_under_load_keeps_the_sale_going()
    {
        var system = fixture.System;
        var shop = new Storefront(system);
        var run = Guid.NewGuid().ToString("N")[..8];
        var saleId = await shop.CreateSaleAsync($"SKU-REPLICA-{run}", Price, Stock, perUserLimit: 1);
        var users = Enumerable.Range(0, Shoppers).Select(i => $"replica-{run}-{i}").ToList();
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (user, _) => await shop.CreditAsync(user, 10m));
        var tokens = new Dictionary<string, string>();
        foreach (var user in users)
        {
            tokens[user] = await shop.PurchaseTokenAsync(user, saleId);
        }

        var calls = 0;
        var failures = 0;
        var answered = 0;
        var aThird = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<(string User, string? OrderId, string? Status)> ShopAsync(string user)
        {
            string? orderId = null;
            for (var attempt = 0; attempt < 20 && orderId is null; attempt++)
            {
                var answer = await shop.PurchaseAsync(user, saleId, tokens[user], $"buy-{user}");
                Interlocked.Increment(ref calls);
                if (answer.Status == HttpStatusCode.Accepted)
                {
                    orderId = answer.Text("orderId");
                }
                else if ((int)answer.Status >= 500)
                {
                    Interlocked.Increment(ref failures);
                    await Task.Delay(200);
                    continue;
                }

                if (Interlocked.Increment(ref answered) == Shoppers / 3)
                {
                    aThird.TrySetResult();
                }

                if (orderId is null)
                {
                    return (user, null, null); // sold out
                }
            }

            if (orderId is null)
            {
                return (user, null, "no answer");
            }

            await shop.WaitForOrderAsync(user, orderId, s => s == "awaitingPayment", TimeSpan.FromSeconds(60));
            for (var attempt = 0; attempt < 20; attempt++)
            {
                if ((await shop.PayAsync(user, orderId, $"pay-{orderId}")).Status == HttpStatusCode.Accepted)
                {
                    break;
                }

                await Task.Delay(200);
            }

            var settled = await shop.WaitForOrderAsync(user, orderId, s => s is "paid" or "cancelled", TimeSpan.FromSeconds(60));
            return (user, orderId, settled.Text("status"));
        }

        // Shoppers arrive a few at a time, so the kill lands while purchases, payments and the saga are all under way.
        var crowd = Task.WhenAll(users.Select(async (user, i) =>
        {
            await Task.Delay(i * 40);
            return await ShopAsync(user);
        }));
        await Task.WhenAny(aThird.Task, crowd);
        Assert.False(crowd.IsCompleted, "the shoppers were done before the kill: the test would prove nothing");
        var victims = system.Replicas.Values.Select(r => r[1]).ToList();
        await Task.WhenAll(victims.Select(v => v.KillAsync()));
        var outcomes = await crowd;

        var bought = outcomes.Where(o => o.OrderId is not null).ToList();
        Assert.DoesNotContain(outcomes, o => o.Status == "no answer");
        Assert.Equal(Stock, bought.Count);
        Assert.All(bought, o => Assert.Equal("paid", o.Status));
        Assert.True(failures <= calls / 20, $"{failures} of {calls} purchase calls failed");
        await SagaJourneyTests.AssertStockAsync(shop, saleId, sold: Stock, released: 0);

        // The killed instances come back, as a supervisor would start them, before the next test.
        foreach (var victim in victims)
        {
            victim.Start();
        }

        await Task.WhenAll(victims.Select(v => v.WaitUntilHealthyAsync()));
    }
}

using System.Globalization;
using System.Net;
using FlashSale.EndToEnd.Tests.Orders;
using FlashSale.EndToEnd.Tests.Shopping;
using FlashSale.Testing;
using StackExchange.Redis;

namespace FlashSale.EndToEnd.Tests.Faults;

[CollectionDefinition(Name)]
public sealed class RedisCrashSystem : ICollectionFixture<RedisCrashSystemFixture>
{
    public const string Name = "redis-crash-system";
}

/// <summary>The whole system on a main Redis of its own (<see cref="OwnRedis"/>), which the test may SIGKILL; unpaid orders end in 15 s.</summary>
public sealed class RedisCrashSystemFixture : IAsyncLifetime
{
    private FlashSaleSystem? _system;

    public OwnRedis Redis { get; } = new();

    public FlashSaleSystem System => _system ?? throw new InvalidOperationException("The system is not started.");

    public async Task InitializeAsync()
    {
        if (OwnRedis.Binary() is null)
        {
            return; // the test is skipped
        }

        await Redis.StartAsync();
        _system = await FlashSaleSystem.StartAsync(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = Redis.Configuration,
            ["Orders:PaymentWindow"] = "00:00:15",
            ["Orders:SweepInterval"] = "00:00:00.500",
            ["Wallet:OpeningBalance"] = "0",
        });
    }

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }
}

[Collection(RedisCrashSystem.Name)]
public sealed class RedisCrashTests(RedisCrashSystemFixture fixture)
{
    private const int Stock = 40;
    private const decimal Price = 2.00m;

    /// <summary>
    /// I2 under a Redis crash: the main Redis is SIGKILLed the moment a burst of purchases has been answered 202, and
    /// started again on its data. With appendfsync always (ops/servers.sh), Redis wrote each admission to its AOF
    /// before it answered, so every 202 is still there: the units stay taken, the reservation reaches the order
    /// service, and every order ends paid (its shopper pays) or cancelled (its deadline passes) with stock agreeing.
    /// With appendfsync everysec the admissions of the last second before the kill could vanish.
    /// </summary>
    [OwnRedisFact]
    public async Task Killing_Redis_right_after_a_burst_of_202s_loses_none_of_them()
    {
        var system = fixture.System;
        var shop = new Storefront(system);
        var run = Guid.NewGuid().ToString("N")[..8];
        var saleId = await shop.CreateSaleAsync($"SKU-REDIS-{run}", Price, Stock, perUserLimit: 1);
        var shoppers = Enumerable.Range(0, Stock).Select(i => $"redis-{run}-{i}").ToList();
        var payers = shoppers.Take(Stock / 2).ToHashSet();
        await Task.WhenAll(payers.Select(user => shop.CreditAsync(user, 10m)));

        var winners = await SagaJourneyTests.BuyAsync(shop, saleId, shoppers);
        await fixture.Redis.KillAsync();
        Assert.Equal(Stock, winners.Count);
        await fixture.Redis.StartAsync();

        // Straight from the restarted Redis: every admission answered 202 is in the sale's stream and off its stock.
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Redis.Configuration))
        {
            var db = redis.GetDatabase();
            var keys = $"{system.Scope.RedisKeyPrefix}sale:{{{saleId}}}";
            Assert.Equal(Stock, await db.StreamLengthAsync($"{keys}:reservations"));
            Assert.Equal(0, (long)await db.StringGetAsync($"{keys}:stock"));
        }

        var ended = await Task.WhenAll(winners.Select(async w =>
        {
            try
            {
                await shop.WaitForOrderAsync(w.User, w.OrderId, s => s == "awaitingPayment", TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}\ninventory's last output:\n{string.Join('\n', system.Services["inventory"].RecentOutput)}", e);
            }

            if (payers.Contains(w.User))
            {
                var paid = await shop.PayAsync(w.User, w.OrderId, $"pay-{w.OrderId}");
                Assert.Equal(HttpStatusCode.Accepted, paid.Status);
            }

            var settled = await shop.WaitForOrderAsync(w.User, w.OrderId, s => s is "paid" or "cancelled", TimeSpan.FromSeconds(60));
            return (w.User, Status: settled.Text("status"));
        }));

        Assert.All(ended, e => Assert.Equal(payers.Contains(e.User) ? "paid" : "cancelled", e.Status));
        await SagaJourneyTests.AssertStockAsync(shop, saleId, sold: payers.Count, released: Stock - payers.Count);
        Assert.Equal(Stock, winners.Select(w => long.Parse(w.OrderId, CultureInfo.InvariantCulture)).Distinct().Count());
    }
}

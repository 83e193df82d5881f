using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FlashSale.Contracts.Purchases;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Purchases;
using FlashSale.Inventory.StockStrategies;
using FlashSale.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FlashSale.Inventory.Tests.Purchases;

/// <summary>The same invariants (I1, I2 hand-off, I6, I7) for every stock strategy, across two instances.</summary>
public abstract class PurchaseConcurrencyTests<TStrategy>(TStrategy fixture) : IClassFixture<TStrategy>
    where TStrategy : TwoInstancesFixture
{
    private sealed record Attempt(string UserId, string Key, int Quantity, HttpStatusCode Status, string? OrderId, string Body);

    [Fact]
    public async Task A_spike_across_two_instances_sells_exactly_the_stock_within_each_users_limit_and_hands_every_reservation_over()
    {
        const int stock = 60, limit = 2, users = 150, attemptsPerUser = 8;
        var sale = await fixture.CreateSaleAsync(stock, limit);
        var attempts = new ConcurrentBag<Attempt>();
        using var gate = new SemaphoreSlim(64);

        await Task.WhenAll(Enumerable.Range(0, users).Select(async u =>
        {
            var userId = $"spike-{u}";
            using var client = fixture.Instances[u % 2].CreateClientFor(TestTokens.Shopper(userId));
            var token = await TwoInstancesFixture.TokenAsync(client, sale.Id);
            string? previousKey = null;
            for (var a = 0; a < attemptsPerUser; a++)
            {
                // Every third attempt retries the previous Idempotency-Key (a client that timed out).
                var key = a % 3 == 2 && previousKey is not null ? previousKey : $"{userId}-{a}";
                var quantity = 1 + ((u + a) % 2);
                await gate.WaitAsync();
                try
                {
                    using var instance = fixture.Instances[(u + a) % 2].CreateClientFor(TestTokens.Shopper(userId));
                    var response = await fixture.PurchaseAsync(instance, sale.Id, key, token, quantity);
                    var body = await response.Content.ReadAsStringAsync();
                    var orderId = response.StatusCode == HttpStatusCode.Accepted
                        ? System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("orderId").GetString() : null;
                    attempts.Add(new Attempt(userId, key, quantity, response.StatusCode, orderId, body));
                }
                finally
                {
                    gate.Release();
                }

                previousKey = key;
            }
        }));

        Assert.All(attempts, a => Assert.Contains(a.Status, new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict, HttpStatusCode.Forbidden }));
        Assert.All(attempts.Where(a => a.Status == HttpStatusCode.Forbidden), a => Assert.Contains("limit-reached", a.Body, StringComparison.Ordinal));

        // I7: one key, one order id, whatever the instance.
        var byKey = attempts.Where(a => a.OrderId is not null).GroupBy(a => (a.UserId, a.Key)).ToList();
        Assert.All(byKey, g => Assert.Single(g.Select(a => a.OrderId).Distinct()));
        var orders = byKey.Select(g => (g.Key.UserId, OrderId: g.First().OrderId!, g.First().Quantity)).DistinctBy(o => o.OrderId).ToList();

        // I1: exactly the stock is sold (demand far exceeds it), never more.
        Assert.Equal(stock, orders.Sum(o => o.Quantity));
        // I6: nobody holds more than the limit.
        Assert.All(orders.GroupBy(o => o.UserId), g => Assert.True(g.Sum(o => o.Quantity) <= limit, $"{g.Key} holds {g.Sum(o => o.Quantity)}"));

        var id = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        Assert.Equal(0, await fixture.RemainingStockAsync(id));
        Assert.Equal(orders.Count, await fixture.RecordedReservationsAsync(id));

        // I2 (inventory side): every recorded reservation was sent and confirmed before it was marked
        // handed over, and the messages sit in the order service's durable queue, alone or bundled (the queue
        // also holds this fixture's other tests' messages).
        await Eventually.HoldsAsync(() => fixture.AllHandedOverAsync(id), "every reservation to be handed over", TimeSpan.FromSeconds(30));
        var queued = await Eventually.HoldsAsync(async () => (await fixture.Scope.PeekMessagesAsync(PurchaseQueues.OrderPurchaseReserved, 10_000))
                .SelectMany(TestScope.MessagesIn).Where(m => m.GetProperty("saleId").GetInt64() == id).Select(m => m.GetProperty("orderId").GetInt64()).ToHashSet(),
            reservations => reservations.Count >= orders.Count, $"the order service's queue to hold the {orders.Count} reservations", TimeSpan.FromSeconds(30));
        Assert.Equal(orders.Select(o => long.Parse(o.OrderId, CultureInfo.InvariantCulture)).Order(), queued.Order());

        // Alone or bundled, each reservation the stream relay hands over carries the MessageId derived from its order (a re-send
        // is a duplicate to the inbox); postgres-row-lock hands its reservations over through the outbox, with the row's id.
        if (fixture.Strategy == PostgresRowLockStrategy.Name)
        {
            return;
        }

        var envelopes = await fixture.Scope.PeekMessagesAsync(PurchaseQueues.OrderPurchaseReserved, 10_000);
        var ids = envelopes.SelectMany(e => e.GetProperty("message").TryGetProperty("messages", out var bundled)
                ? bundled.EnumerateArray().Select(m => (Body: m.GetProperty("body"), Id: m.GetProperty("messageId").GetGuid()))
                : [(Body: e.GetProperty("message"), Id: e.GetProperty("messageId").GetGuid())])
            .Where(m => m.Body.GetProperty("saleId").GetInt64() == id).ToList();
        Assert.All(ids, m => Assert.Equal(ReservationRelay.MessageIdOf(m.Body.GetProperty("orderId").GetInt64()), m.Id));
    }

    [Fact]
    public async Task The_same_idempotency_key_gets_the_same_order_and_reserves_once()
    {
        var sale = await fixture.CreateSaleAsync(stock: 10, perUserLimit: 3);
        using var a = fixture.Instances[0].CreateClientFor(TestTokens.Shopper("idem-user"));
        using var b = fixture.Instances[1].CreateClientFor(TestTokens.Shopper("idem-user"));
        var token = await TwoInstancesFixture.TokenAsync(a, sale.Id);

        var first = await fixture.PurchaseAsync(a, sale.Id, "key-1", token, 1);
        var again = await fixture.PurchaseAsync(b, sale.Id, "key-1", token, 1);
        var other = await fixture.PurchaseAsync(b, sale.Id, "key-2", token, 1);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var firstBody = await first.Content.ReadFromJsonAsync<PurchaseAccepted>();
        Assert.Equal(firstBody, await again.Content.ReadFromJsonAsync<PurchaseAccepted>());
        Assert.Equal($"/api/orders/{firstBody!.OrderId}", first.Headers.Location?.OriginalString);
        Assert.NotEqual(firstBody.OrderId, (await other.Content.ReadFromJsonAsync<PurchaseAccepted>())!.OrderId);
        Assert.Equal(8, await fixture.RemainingStockAsync(long.Parse(sale.Id, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Purchases_are_refused_with_the_contracts_problems()
    {
        var sale = await fixture.CreateSaleAsync(stock: 10, perUserLimit: 2);
        var upcoming = await fixture.CreateSaleAsync(stock: 10, perUserLimit: 2, startsAt: DateTimeOffset.UtcNow.AddHours(1));
        using var alice = fixture.Instances[0].CreateClientFor(TestTokens.Shopper("alice"));
        using var bob = fixture.Instances[1].CreateClientFor(TestTokens.Shopper("bob"));
        var aliceToken = await TwoInstancesFixture.TokenAsync(alice, sale.Id);

        await AssertProblem(await fixture.PurchaseAsync(bob, sale.Id, "k", aliceToken, 1), HttpStatusCode.Forbidden, "invalid-token");
        await AssertProblem(await fixture.PurchaseAsync(alice, sale.Id, "k", null, 1), HttpStatusCode.Forbidden, "invalid-token");
        await AssertProblem(await fixture.PurchaseAsync(alice, sale.Id, "k", aliceToken, 3), HttpStatusCode.Forbidden, "limit-reached");
        await AssertProblem(await fixture.PurchaseAsync(alice, sale.Id, "k", aliceToken, 0), HttpStatusCode.BadRequest, "validation");
        await AssertProblem(await fixture.PurchaseAsync(alice, sale.Id, null, aliceToken, 1), HttpStatusCode.BadRequest, "validation");
        await AssertProblem(await fixture.PurchaseAsync(alice, upcoming.Id, "k", aliceToken, 1), HttpStatusCode.Forbidden, "sale-not-started");
        await AssertProblem(await fixture.PurchaseAsync(alice, "12345", "k", aliceToken, 1), HttpStatusCode.NotFound, "sale-not-found");
        await AssertProblem(await alice.PostAsJsonAsync($"/api/sales/{sale.Id}/purchases", new { token = aliceToken, quantity = 1 }), HttpStatusCode.NotFound, "purchase-address-unknown");
        await AssertProblem(await alice.PostAsJsonAsync(fixture.PurchaseUrl(upcoming.Id).Replace(upcoming.Id, sale.Id, StringComparison.Ordinal), new { token = aliceToken, quantity = 1 }),
            HttpStatusCode.NotFound, "purchase-address-unknown");
        var malformed = await alice.PostAsync(fixture.PurchaseUrl(sale.Id), new StringContent("{\"quantity\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        Assert.Equal(10, await fixture.RemainingStockAsync(long.Parse(sale.Id, CultureInfo.InvariantCulture)));
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"/problems/{type}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class RedisLuaPurchaseTests(RedisLuaInstances fixture) : PurchaseConcurrencyTests<RedisLuaInstances>(fixture);

public sealed class RedlockSegmentedPurchaseTests(RedlockSegmentedInstances fixture) : PurchaseConcurrencyTests<RedlockSegmentedInstances>(fixture);

public sealed class PostgresRowLockPurchaseTests(PostgresRowLockInstances fixture) : PurchaseConcurrencyTests<PostgresRowLockInstances>(fixture);

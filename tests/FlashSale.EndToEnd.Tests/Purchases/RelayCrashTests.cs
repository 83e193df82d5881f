using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Testing;
using Npgsql;
using StackExchange.Redis;

namespace FlashSale.EndToEnd.Tests.Purchases;

[Collection(SharedSystem.Name)]
public sealed class RelayCrashTests(FlashSaleSystemFixture fixture)
{
    private const int Stock = 150;
    private const int Shoppers = 260;

    /// <summary>
    /// I2: the inventory process (and with it the relay) is killed with SIGKILL in the middle of a spike.
    /// After a restart, and shoppers retrying with their Idempotency-Keys: reservations recorded in
    /// Redis == orders created from the delivered messages == units taken from stock, and every order id
    /// a shopper was given exists.
    /// </summary>
    [Fact]
    public async Task Killing_inventory_mid_spike_loses_no_admitted_purchase()
    {
        var system = fixture.System;
        using var admin = system.CreateGatewayClient(TestTokens.Admin());
        var created = await admin.PostAsJsonAsync("/api/admin/sales", new
        {
            sku = "SKU-CRASH",
            name = "Crash test",
            price = 1.00m,
            stock = Stock,
            startsAt = DateTimeOffset.UtcNow.AddSeconds(-1),
            endsAt = DateTimeOffset.UtcNow.AddHours(1),
            perUserLimit = 1,
        });
        var saleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var tokens = new ConcurrentDictionary<int, string>();
        var purchaseUrl = "";
        await Parallel.ForEachAsync(Enumerable.Range(0, Shoppers), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (u, ct) =>
        {
            using var shopper = system.CreateGatewayClient(TestTokens.Shopper($"crash-{u}"));
            var response = await shopper.PostAsync($"/api/sales/{saleId}/purchase-token", null, ct);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            tokens[u] = answer.GetProperty("token").GetString()!;
            purchaseUrl = answer.GetProperty("purchaseUrl").GetString()!;
        });

        var promised = new ConcurrentDictionary<int, string>();
        var accepted = 0;
        var aThirdSold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var spike = Parallel.ForEachAsync(Enumerable.Range(0, Shoppers), new ParallelOptions { MaxDegreeOfParallelism = 24 }, async (u, _) =>
        {
            if (await TryPurchaseAsync(system, purchaseUrl, u, tokens[u]) is { } orderId)
            {
                promised[u] = orderId;
                if (Interlocked.Increment(ref accepted) == Stock / 3)
                {
                    aThirdSold.TrySetResult();
                }
            }
        });
        await Task.WhenAny(aThirdSold.Task, spike);

        Assert.False(spike.IsCompleted, "the spike ended before the kill: the test would prove nothing");
        await system.Services["inventory"].KillAsync();
        await spike;
        system.Services["inventory"].Start();
        await system.Services["inventory"].WaitUntilHealthyAsync();

        // Shoppers whose attempt failed while inventory was down retry with the same key, with a fresh
        // purchase token (theirs may have expired while inventory restarted), as a real client would.
        for (var round = 0; round < 3 && promised.Count < Stock; round++)
        {
            await RetryUnservedAsync(system, saleId, promised);
        }

        var redis = await ConnectionMultiplexer.ConnectAsync(system.Scope.Servers.Redis);
        var db = redis.GetDatabase();
        // Key layout of the inventory service (SaleKeys): prefix, then the sale's hash tag.
        var taken = Stock - (long)await db.StringGetAsync($"{system.Scope.RedisKeyPrefix}sale:{{{saleId}}}:stock");
        var recorded = await db.StreamLengthAsync($"{system.Scope.RedisKeyPrefix}sale:{{{saleId}}}:reservations");
        var orders = await WaitForOrdersAsync(system, saleId, expected: recorded);

        Assert.Equal(Stock, taken); // 260 shoppers for 150 units: all sold
        Assert.Equal(taken, recorded);
        Assert.Equal(recorded, orders.Count);
        Assert.All(promised.Values, id => Assert.Contains(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), orders));
        Assert.Equal(promised.Count, orders.Count);
        await redis.DisposeAsync();
    }

    private static Task RetryUnservedAsync(FlashSaleSystem system, string saleId, ConcurrentDictionary<int, string> promised) =>
        Parallel.ForEachAsync(Enumerable.Range(0, Shoppers).Where(u => !promised.ContainsKey(u)), new ParallelOptions { MaxDegreeOfParallelism = 24 }, async (u, ct) =>
        {
            using var shopper = system.CreateGatewayClient(TestTokens.Shopper($"crash-{u}"));
            var fresh = await shopper.PostAsync($"/api/sales/{saleId}/purchase-token", null, ct);
            if (!fresh.IsSuccessStatusCode)
            {
                return;
            }

            var answer = await fresh.Content.ReadFromJsonAsync<JsonElement>(ct);
            if (await TryPurchaseAsync(system, answer.GetProperty("purchaseUrl").GetString()!, u, answer.GetProperty("token").GetString()!) is { } orderId)
            {
                promised[u] = orderId;
            }
        });

    private static async Task<string?> TryPurchaseAsync(FlashSaleSystem system, string purchaseUrl, int user, string token)
    {
        using var shopper = system.CreateGatewayClient(TestTokens.Shopper($"crash-{user}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, purchaseUrl)
        {
            Content = JsonContent.Create(new { token, quantity = 1 }),
        };
        request.Headers.Add("Idempotency-Key", $"crash-key-{user}");
        try
        {
            using var response = await shopper.SendAsync(request);
            return response.StatusCode == HttpStatusCode.Accepted
                ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()
                : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static Task<HashSet<long>> WaitForOrdersAsync(FlashSaleSystem system, string saleId, long expected) =>
        Eventually.HoldsAsync(() => OrdersOfSaleAsync(system, saleId), ids => ids.Count >= expected,
            $"the order service to store the {expected} recorded reservations as orders", TimeSpan.FromSeconds(60));

    private static async Task<HashSet<long>> OrdersOfSaleAsync(FlashSaleSystem system, string saleId)
    {
        await using var connection = new NpgsqlConnection(system.Scope.ConnectionString("order"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM orders WHERE sale_id = @sale", connection);
        command.Parameters.AddWithValue("sale", long.Parse(saleId, System.Globalization.CultureInfo.InvariantCulture));
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new HashSet<long>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FlashSale.Contracts.Stock;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.Purchases;
using FlashSale.Inventory.StockStrategies;
using FlashSale.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FlashSale.Inventory.Tests.Purchases;

public sealed class FencingTests(PausedHolderInstances fixture) : IClassFixture<PausedHolderInstances>
{
    /// <summary>
    /// Holder A reads the last unit, then stalls past its lease. B takes the expired lock, reads the same
    /// unit and sells it. Without fencing A would now write "0 left" too and sell the unit twice; with
    /// fencing A's write is refused, A retries, finds nothing left, and answers sold out.
    /// </summary>
    [Fact]
    public async Task A_holder_paused_past_its_lease_cannot_oversell()
    {
        var sale = await fixture.CreateSaleAsync(stock: 1, perUserLimit: 1);
        var saleId = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        var paused = new TaskCompletionSource();
        var resume = new TaskCompletionSource();
        var holderA = fixture.Instances[0].Services.GetRequiredService<RedlockSegmentedStrategy>();
        var stalled = 0;
        holderA.BeforeFencedWrite = async (request, _) =>
        {
            if (request.UserId == "holder-a" && Interlocked.Exchange(ref stalled, 1) == 0)
            {
                paused.SetResult();
                await resume.Task;
            }
        };

        try
        {
            var a = fixture.BuyAsync(0, "holder-a", sale.Id, "holder-a-1");
            await paused.Task;
            // A stop-the-world pause also stops RedLock.net's lease-extension timer, so the lease runs out:
            // the lock's keys vanish from the three nodes. The test pauses only A's request, and A's timer
            // still runs (it would write a vanished key back), so the test keeps deleting A's copies, as
            // expiry would, until B is through.
            var buyB = fixture.BuyAsync(1, "holder-b", sale.Id, "holder-b-1");
            await KeepExpiringLeaseOfCurrentHolderAsync(saleId, until: buyB);
            var b = await buyB;
            resume.SetResult();
            var aResult = await a;

            Assert.Equal(HttpStatusCode.Accepted, b.StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, aResult.StatusCode);
        }
        finally
        {
            holderA.BeforeFencedWrite = null;
        }

        var keys = fixture.Instances[0].Services.GetRequiredService<SaleKeys>();
        var redis = fixture.Instances[0].Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        Assert.Equal(0, (long)await redis.StringGetAsync(keys.Stock(saleId)));
        Assert.Equal(0, (long)await redis.StringGetAsync(keys.StockSegment(saleId, 0)));
        Assert.Equal(1, await redis.StreamLengthAsync(keys.Reservations(saleId)));
    }

    /// <summary>
    /// A cancelled order's unit goes back to its segment by an INCRBY that takes no lock. If it lands between a
    /// holder's read and its fenced write, a blind SET of "read − 1" would erase it (stock lost for good); the
    /// write compares the segment with what was read, so the holder reads again and the unit stays.
    /// </summary>
    [Fact]
    public async Task A_unit_given_back_between_a_holders_read_and_its_fenced_write_is_not_lost()
    {
        var sale = await fixture.CreateSaleAsync(stock: 3, perUserLimit: 1);
        var saleId = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        var giver = await fixture.BuyAsync(1, "giver", sale.Id, "giver-1");
        var giverOrder = long.Parse((await giver.Content.ReadFromJsonAsync<PurchaseAccepted>())!.OrderId, CultureInfo.InvariantCulture);
        var paused = new TaskCompletionSource();
        var resume = new TaskCompletionSource();
        var holder = fixture.Instances[0].Services.GetRequiredService<RedlockSegmentedStrategy>();
        var stalled = 0;
        holder.BeforeFencedWrite = async (request, _) =>
        {
            if (request.UserId == "racer" && Interlocked.Exchange(ref stalled, 1) == 0)
            {
                paused.SetResult();
                await resume.Task;
            }
        };

        var keys = fixture.Instances[0].Services.GetRequiredService<SaleKeys>();
        var redis = fixture.Instances[0].Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        try
        {
            var racer = fixture.BuyAsync(0, "racer", sale.Id, "racer-1");
            await paused.Task; // the racer has read 2 units and is about to write 1
            await fixture.SendAsync(new ReleaseStock(giverOrder, saleId, "giver", 1, "payment-failed"));
            await fixture.WaitForStatusesAsync(new Dictionary<long, ReservationStatus> { [giverOrder] = ReservationStatus.Released });
            Assert.Equal(3, (long)await redis.StringGetAsync(keys.StockSegment(saleId, 0)));
            resume.SetResult();

            Assert.Equal(HttpStatusCode.Accepted, (await racer).StatusCode);
        }
        finally
        {
            holder.BeforeFencedWrite = null;
            resume.TrySetResult();
        }

        Assert.Equal(2, (long)await redis.StringGetAsync(keys.StockSegment(saleId, 0)));
        Assert.Equal(2, (long)await redis.StringGetAsync(keys.Stock(saleId)));
        Assert.Equal(HttpStatusCode.Accepted, (await fixture.BuyAsync(1, "late-1", sale.Id, "late-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await fixture.BuyAsync(0, "late-2", sale.Id, "late-2")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await fixture.BuyAsync(1, "late-3", sale.Id, "late-3")).StatusCode);
    }

    private const string DeleteIfHeldBy = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

    private async Task KeepExpiringLeaseOfCurrentHolderAsync(long saleId, Task until)
    {
        var key = (RedisKey)$"{fixture.Scope.RedisKeyPrefix}redlock:{SaleKeys.SegmentLock(saleId, 0)}";
        var nodes = new List<ConnectionMultiplexer>();
        try
        {
            foreach (var node in fixture.Scope.Servers.RedlockNodes)
            {
                nodes.Add(await ConnectionMultiplexer.ConnectAsync(node));
            }

            RedisValue holder = RedisValue.Null;
            foreach (var node in nodes)
            {
                // A node that missed an extension under load may have let its copy expire already.
                var value = await node.GetDatabase().StringGetAsync(key);
                holder = value.HasValue ? value : holder;
            }

            Assert.True(holder.HasValue, "holder A should hold the segment lock while it is paused");
            while (!until.IsCompleted)
            {
                foreach (var node in nodes)
                {
                    await node.GetDatabase().ScriptEvaluateAsync(DeleteIfHeldBy, [key], [holder]);
                }

                await Task.WhenAny(until, Task.Delay(10));
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }
}

using System.Globalization;
using System.Net;
using FlashSale.BuildingBlocks.Ids;
using FlashSale.Contracts.Stock;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.Purchases;
using FlashSale.Inventory.Sales;
using FlashSale.Inventory.StockLedger;
using FlashSale.Inventory.StockStrategies;
using FlashSale.Inventory.Tests.Purchases;
using FlashSale.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Inventory.Tests.StockLedger;

/// <summary>The order saga's stock commands, delivered as RabbitMQ really does (twice, concurrently, out of order), for every strategy.</summary>
public abstract class StockLifecycleTests<TStrategy>(TStrategy fixture) where TStrategy : TwoInstancesFixture
{
    [Fact]
    public async Task Commits_sales_and_releases_delivered_twice_count_once_and_leave_both_stores_agreeing()
    {
        const int initial = 20;
        var sale = await fixture.CreateSaleAsync(stock: initial, perUserLimit: 2);
        var saleId = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        // Units of 1 take the rest: redlock-segmented may refuse 2 units spread over two segments while units remain.
        var mixed = await Shoppers.BuyAsync(fixture, sale.Id, "life", 1, 2, 1, 2, 1, 2, 1, 2, 1, 2);
        var orders = mixed.Concat(await Shoppers.BuyAsync(fixture, sale.Id, "rest", 1, 1, 1, 1, 1)).ToList();
        await SellOutOnEveryInstanceAsync(sale.Id, saleId);
        var saga = await fixture.SagaAsync();
        var (paid, cancelled, cancelledFirst) = (mixed[..4].Concat(orders[10..]).ToList(), mixed[4..8], mixed[8..]);

        // Cancelled before their commit was handled: the release wins, the late commit changes nothing.
        var handled = new List<Guid>();
        handled.AddRange(await Task.WhenAll(cancelledFirst.Select(o => fixture.SendAsync(Release(o, saleId)))));
        await fixture.WaitForStatusesAsync(cancelledFirst.ToDictionary(o => o.Id, _ => ReservationStatus.Released));

        // Every commit twice at once, through both instances: every other one redelivered (same MessageId), the rest re-sent (new id).
        handled.AddRange((await Task.WhenAll(orders.SelectMany((o, i) => TwiceAsync(Commit(o, saleId), sameMessageId: i % 2 == 0)))));
        await fixture.WaitForHandledAsync(handled);
        await fixture.WaitForStatusesAsync(orders.ToDictionary(o => o.Id, o => cancelledFirst.Contains(o) ? ReservationStatus.Released : ReservationStatus.Committed));

        // Then paid and cancelled, every command twice, all at once; the early-cancelled ones are cancelled again.
        handled.AddRange(await Task.WhenAll(
            paid.SelectMany((o, i) => TwiceAsync(new MarkStockSold(o.Id, saleId), sameMessageId: i % 2 == 0))
                .Concat(cancelled.SelectMany((o, i) => TwiceAsync(Release(o, saleId), sameMessageId: i % 2 == 0)))
                .Concat(cancelledFirst.Select(o => fixture.SendAsync(Release(o, saleId), instance: 1)))));
        await fixture.WaitForHandledAsync(handled);
        await fixture.WaitForStatusesAsync(orders.ToDictionary(o => o.Id, o => paid.Contains(o) ? ReservationStatus.Sold : ReservationStatus.Released));
        await fixture.WaitForOutboxAsync();

        // Neither commits nor releases are answered: the saga decides nothing from either (every outbox row is sent by now).
        Assert.DoesNotContain(saga.Released, r => r.SaleId == saleId);

        // I5 and the contract: Redis = PostgreSQL, available + reserved + sold = initial, each cancelled unit counted once.
        var released = cancelled.Concat(cancelledFirst).Sum(o => o.Quantity);
        Assert.Equal(new SaleStockResponse(sale.Id, initial, released, released, 0, paid.Sum(o => o.Quantity), released), await fixture.StockAsync(sale.Id, instance: 1));

        // The fan-out re-opened the sold-out flag on every instance.
        await Eventually.HoldsAsync(() => fixture.Instances.All(i => !Flags(i).IsRaised(saleId)), "every instance to lower its sold-out flag");

        // A cancelled order does not give its shopper the allowance back (a bot that never pays cannot loop)...
        var limited = cancelled.First(o => o.Quantity == 2);
        Assert.Equal(HttpStatusCode.Forbidden, (await Shoppers.PurchaseAsync(fixture, 0, limited.UserId, sale.Id, 1)).StatusCode);

        // ...but its units sell again, exactly, to others.
        var race = await Shoppers.RaceAsync(fixture, sale.Id, "again", released + 4);
        Assert.Equal(released, race.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(4, race.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal(0, (await fixture.StockAsync(sale.Id)).AvailableInCache);
    }

    [Fact]
    public async Task A_crash_after_the_redis_give_back_is_neither_repeated_nor_skipped_by_the_redelivery()
    {
        var sale = await fixture.CreateSaleAsync(stock: 5, perUserLimit: 1);
        var saleId = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        var orders = await Shoppers.BuyAsync(fixture, sale.Id, "crash", 1, 1);
        await Task.WhenAll(orders.Select(o => fixture.SendAsync(Commit(o, saleId))));
        await fixture.WaitForStatusesAsync(orders.ToDictionary(o => o.Id, _ => ReservationStatus.Committed));

        // The first delivery gives the unit back to Redis, then the process dies before PostgreSQL commits.
        await using (var scope = fixture.Instances[0].Services.CreateAsyncScope())
        {
            await using var tx = await TwoInstancesFixture.Database(scope).Database.BeginTransactionAsync();
            var first = await scope.ServiceProvider.GetRequiredService<OrderStockLedger>()
                .ReleaseAsync(Release(orders[0], saleId), DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.Equal((ReleaseOutcome.Released, GiveBack.Returned), (first.Outcome, first.LiveStock));
        }

        var crashed = await fixture.StockAsync(sale.Id);
        Assert.Equal((4L, 3), (crashed.AvailableInCache!.Value, crashed.AvailableInDatabase));

        // Redelivered, twice at once: PostgreSQL releases once, Redis does not get the unit a second time.
        await fixture.WaitForHandledAsync(await Task.WhenAll(TwiceAsync(Release(orders[0], saleId), sameMessageId: false)));
        await fixture.WaitForStatusesAsync(new Dictionary<long, ReservationStatus> { [orders[0].Id] = ReservationStatus.Released });
        Assert.Equal(new SaleStockResponse(sale.Id, 5, 4, 4, 1, 0, 1), await fixture.StockAsync(sale.Id));
    }

    [Fact]
    public async Task A_commit_that_would_take_postgres_below_zero_is_drift_refused_without_writing_anything()
    {
        var sale = await fixture.CreateSaleAsync(stock: 2, perUserLimit: 2);
        var saleId = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        var orderId = fixture.Instances[0].Services.GetRequiredService<IIdGenerator>().NextId();
        await using var scope = fixture.Instances[0].Services.CreateAsyncScope();
        var db = TwoInstancesFixture.Database(scope);
        // Drift: PostgreSQL has one unit fewer than Redis thinks (a hand-made fix gone wrong, say).
        await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE sales SET available_stock = 1 WHERE id = {saleId}");

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await Assert.ThrowsAsync<StockDriftException>(() => scope.ServiceProvider.GetRequiredService<OrderStockLedger>()
                .CommitAsync(new CommitStock(orderId, saleId, "drift-user", 2), DateTimeOffset.UtcNow, CancellationToken.None));
        }

        Assert.Empty(await fixture.StatusesAsync([orderId]));
        Assert.Equal(1, await db.Sales.AsNoTracking().Where(s => s.Id == saleId).Select(s => s.AvailableStock).SingleAsync());
    }

    [Fact]
    public async Task A_release_for_an_order_never_admitted_or_with_a_forged_quantity_gives_back_only_what_was_admitted()
    {
        var sale = await fixture.CreateSaleAsync(stock: 1, perUserLimit: 1);
        var saleId = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        var admitted = (await Shoppers.BuyAsync(fixture, sale.Id, "forged", 1)).Single();
        var neverAdmitted = fixture.Instances[0].Services.GetRequiredService<IIdGenerator>().NextId();
        var saga = await fixture.SagaAsync();

        // Published on the broker by someone holding its credentials: 50 units for an order that never existed,
        // and 50 for a real order of one unit.
        await fixture.WaitForHandledAsync(await Task.WhenAll(
            fixture.SendAsync(new ReleaseStock(neverAdmitted, saleId, "mallory", 50, "forged")),
            fixture.SendAsync(new ReleaseStock(admitted.Id, saleId, admitted.UserId, 50, "forged quantity"))));
        await fixture.WaitForOutboxAsync();

        Assert.Empty(await fixture.StatusesAsync([neverAdmitted]));
        Assert.Equal(ReservationStatus.Released, (await fixture.StatusesAsync([admitted.Id]))[admitted.Id]);
        Assert.Equal(new SaleStockResponse(sale.Id, 1, 1, 1, 0, 0, 1), await fixture.StockAsync(sale.Id));
        Assert.DoesNotContain(saga.Released, r => r.OrderId == neverAdmitted || r.OrderId == admitted.Id);
    }

    private async Task SellOutOnEveryInstanceAsync(string sale, long saleId)
    {
        for (var instance = 0; instance < fixture.Instances.Count; instance++)
        {
            var i = instance;
            await Eventually.HoldsAsync(async () =>
            {
                Assert.Equal(HttpStatusCode.Conflict, (await Shoppers.PurchaseAsync(fixture, i, "too-late", sale, 1)).StatusCode);
                return Flags(fixture.Instances[i]).IsRaised(saleId);
            }, $"instance {i} to raise its sold-out flag");
        }
    }

    /// <summary>The same command twice at once, through both instances: the same MessageId (a redelivery) or two (a re-send).</summary>
    private IEnumerable<Task<Guid>> TwiceAsync<T>(T command, bool sameMessageId) where T : class
    {
        var id = NewId.NextGuid();
        return [fixture.SendAsync(command, id, 0), fixture.SendAsync(command, sameMessageId ? id : null, 1)];
    }

    private static CommitStock Commit(AdmittedOrder o, long saleId) => new(o.Id, saleId, o.UserId, o.Quantity);

    private static ReleaseStock Release(AdmittedOrder o, long saleId) => new(o.Id, saleId, o.UserId, o.Quantity, "payment-deadline-passed");

    private static SoldOutFlags Flags(ServiceFactory<Program> instance) => instance.Services.GetRequiredService<SoldOutFlags>();
}

[Collection(RedisLuaStock.Name)]
public sealed class RedisLuaStockLifecycleTests(RedisLuaInstances fixture) : StockLifecycleTests<RedisLuaInstances>(fixture);

[Collection(RedlockSegmentedStock.Name)]
public sealed class RedlockSegmentedStockLifecycleTests(RedlockSegmentedInstances fixture) : StockLifecycleTests<RedlockSegmentedInstances>(fixture);

[Collection(PostgresRowLockStock.Name)]
public sealed class PostgresRowLockStockLifecycleTests(PostgresRowLockInstances fixture) : StockLifecycleTests<PostgresRowLockInstances>(fixture);

using System.Globalization;
using FlashSale.Contracts.Stock;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.Sales;
using FlashSale.Inventory.StockLedger;
using FlashSale.Inventory.Tests.Purchases;
using FlashSale.Messaging.Outbox;
using FlashSale.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Inventory.Tests.StockLedger;

/// <summary>
/// The set-wise path of a stock command batch (<see cref="SaleStockBatch"/>), called directly on real PostgreSQL and
/// Redis so it is known which path ran: it must leave exactly what the order-by-order path leaves, and step aside,
/// changing nothing, for the cases only that path knows.
/// </summary>
public abstract class SaleStockBatchTests<TStrategy>(TStrategy fixture) where TStrategy : TwoInstancesFixture
{
    [Fact]
    public async Task A_batch_of_commits_sales_and_releases_moves_each_sale_once_and_leaves_both_stores_agreeing()
    {
        const int initial = 12;
        var sale = await fixture.CreateSaleAsync(stock: initial, perUserLimit: 2);
        var saleId = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        var orders = await Shoppers.BuyAsync(fixture, sale.Id, "bulk", 1, 2, 1, 2, 1, 2);
        await Eventually.HoldsAsync(() => fixture.AllHandedOverAsync(saleId), "every admission handed over");

        // Every order committed, two of them twice (a re-send inside the batch), in one batch.
        var commits = orders.Select(o => Command(new CommitStock(o.Id, saleId, o.UserId, o.Quantity)))
            .Concat(orders.Take(2).Select(o => Command(new CommitStock(o.Id, saleId, o.UserId, o.Quantity))));
        Assert.NotNull(await ApplyAsync(commits));

        // Then: two paid, two cancelled, one committed-and-released again in the same batch, one sold twice.
        var (paid, cancelled) = (orders[..2], orders[2..4]);
        var second = paid.Select(o => Command(new MarkStockSold(o.Id, saleId)))
            .Append(Command(new MarkStockSold(paid[0].Id, saleId)))
            .Concat(cancelled.Select(o => Command(Release(o, saleId))))
            .Append(Command(Release(cancelled[0], saleId)));
        var releases = await ApplyAsync(second);

        Assert.NotNull(releases);
        var outcomes = releases.GroupBy(r => r.Command.OrderId).ToDictionary(g => g.Key, g => g.Select(r => r.Result.Outcome).Order().ToList());
        Assert.Equal([ReleaseOutcome.Released, ReleaseOutcome.AlreadyReleased], outcomes[cancelled[0].Id]);
        Assert.Equal([ReleaseOutcome.Released], outcomes[cancelled[1].Id]);
        var statuses = await fixture.StatusesAsync(orders.Select(o => o.Id));
        Assert.All(paid, o => Assert.Equal(ReservationStatus.Sold, statuses[o.Id]));
        Assert.All(cancelled, o => Assert.Equal(ReservationStatus.Released, statuses[o.Id]));
        Assert.All(orders[4..], o => Assert.Equal(ReservationStatus.Committed, statuses[o.Id]));

        var released = cancelled.Sum(o => o.Quantity);
        var sold = paid.Sum(o => o.Quantity);
        var stock = await fixture.StockAsync(sale.Id);
        Assert.Equal(initial - orders.Sum(o => o.Quantity) + released, stock.AvailableInDatabase);
        Assert.Equal((long?)stock.AvailableInDatabase, stock.AvailableInCache);
        Assert.Equal(sold, stock.Sold);
        Assert.Equal(released, stock.Released);
    }

    [Fact]
    public async Task A_batch_with_a_command_only_the_order_by_order_path_knows_is_left_to_it_unchanged()
    {
        var sale = await fixture.CreateSaleAsync(stock: 4, perUserLimit: 1);
        var saleId = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        var orders = await Shoppers.BuyAsync(fixture, sale.Id, "aside", 1);
        await Eventually.HoldsAsync(() => fixture.AllHandedOverAsync(saleId), "every admission handed over");
        Assert.NotNull(await ApplyAsync([Command(new CommitStock(orders[0].Id, saleId, orders[0].UserId, 1))]));
        var before = await fixture.StockAsync(sale.Id);

        // A release of the committed order next to a release of an order inventory has no row of (never admitted, or
        // cancelled before its commit: only the order-by-order path asks Redis which).
        var unknown = new AdmittedOrder(1, "nobody", 1);
        var refused = await ApplyAsync([Command(Release(orders[0], saleId)), Command(Release(unknown, saleId))]);

        Assert.Null(refused);
        Assert.Equal(ReservationStatus.Committed, (await fixture.StatusesAsync([orders[0].Id]))[orders[0].Id]);
        Assert.Equal(before, await fixture.StockAsync(sale.Id));
    }

    private static StockCommand Command(object message) => new(message);

    private static ReleaseStock Release(AdmittedOrder o, long saleId) => new(o.Id, saleId, o.UserId, o.Quantity, "payment-deadline-passed");

    /// <summary>One transaction, as the inbox batcher runs it: the set-wise path, the save, the commit (or a rollback when it stepped aside).</summary>
    private async Task<IReadOnlyList<(ReleaseStock Command, ReleaseResult Result)>?> ApplyAsync(IEnumerable<StockCommand> commands)
    {
        await using var scope = fixture.Instances[0].Services.CreateAsyncScope();
        var db = TwoInstancesFixture.Database(scope);
        await using var tx = await db.Database.BeginTransactionAsync();
        var ordered = commands.OrderBy(c => c.SaleId).ThenBy(c => c.OrderId).ToList();
        var result = await scope.ServiceProvider.GetRequiredService<SaleStockBatch>().TryApplyAsync(ordered, DateTimeOffset.UtcNow, CancellationToken.None);
        if (result is null)
        {
            Assert.DoesNotContain(db.ChangeTracker.Entries(), e => e.State != EntityState.Unchanged && e.Entity is not OutboxMessage);
            await tx.RollbackAsync();
            return null;
        }

        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return result;
    }
}

[Collection(RedisLuaStock.Name)]
public sealed class RedisLuaSaleStockBatchTests(RedisLuaInstances fixture) : SaleStockBatchTests<RedisLuaInstances>(fixture);

[Collection(PostgresRowLockStock.Name)]
public sealed class PostgresRowLockSaleStockBatchTests(PostgresRowLockInstances fixture) : SaleStockBatchTests<PostgresRowLockInstances>(fixture);

using System.Globalization;
using FlashSale.Inventory.BloomFilter;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.WarmUp;
using FlashSale.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FlashSale.Inventory.Tests.WarmUp;

public sealed class WarmUpTests(RunningWarmUpFixture fixture) : IClassFixture<RunningWarmUpFixture>
{
    [Fact]
    public async Task A_redis_flush_before_the_sale_is_healed_by_the_job_before_the_start()
    {
        var sale = await fixture.CreateSaleAsync(DateTimeOffset.UtcNow.AddSeconds(30), DateTimeOffset.UtcNow.AddHours(1), stock: 321);
        var id = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        var keys = Keys();

        await fixture.Scope.FlushRedisAsync();
        await Eventually.HoldsAsync(() => Redis().StringGetAsync(keys.Stock(id)), stock => stock == 321, "the job to reload the stock", TimeSpan.FromSeconds(10));

        Assert.True(await Redis().KeyExistsAsync(keys.View(id)));
        Assert.Equal(BloomAnswer.MaybePresent, await fixture.Factory.Services.GetRequiredService<RedisBloomFilter>().MightContainAsync(id));
    }

    [Fact]
    public async Task Before_the_start_the_stock_follows_postgres()
    {
        var sale = await fixture.CreateSaleAsync(DateTimeOffset.UtcNow.AddMinutes(2), DateTimeOffset.UtcNow.AddHours(1), stock: 50);
        var id = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        await Redis().StringSetAsync(Keys().Stock(id), 7); // drift before any purchase was possible

        await Eventually.HoldsAsync(() => Redis().StringGetAsync(Keys().Stock(id)), stock => stock == 50, "the job to reset the stock", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task After_the_start_live_stock_is_never_overwritten()
    {
        var sale = await fixture.CreateSaleAsync(DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(1), stock: 50);
        var id = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        await Redis().StringDecrementAsync(Keys().Stock(id), 3); // three units sold in Redis, not yet in PostgreSQL

        var outcome = await Warmer().WarmAsync(await LoadAsync(id), justCreated: false);
        // Two runs of the job itself (the sale is running, so in their window), awaited: not a pause that hopes its timer ticked.
        var job = fixture.Factory.Services.GetRequiredService<WarmUpJob>();
        await job.RunOnceAsync(CancellationToken.None);
        await job.RunOnceAsync(CancellationToken.None);

        Assert.Equal(StockWarmUp.KeptLive, outcome);
        Assert.Equal(47, (long)await Redis().StringGetAsync(Keys().Stock(id)));
    }

    [Fact]
    public async Task After_the_start_missing_stock_is_left_for_reconciliation_not_resurrected()
    {
        var sale = await fixture.CreateSaleAsync(DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(1), stock: 50);
        var id = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        await Redis().KeyDeleteAsync(Keys().Stock(id));

        var outcome = await Warmer().WarmAsync(await LoadAsync(id), justCreated: false);

        Assert.Equal(StockWarmUp.MissingLive, outcome);
        Assert.False(await Redis().KeyExistsAsync(Keys().Stock(id)));
    }

    [Fact]
    public async Task Warming_twice_changes_nothing()
    {
        var sale = await fixture.CreateSaleAsync(DateTimeOffset.UtcNow.AddMinutes(3), DateTimeOffset.UtcNow.AddHours(1), stock: 12);
        var id = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        var entity = await LoadAsync(id);

        await Warmer().WarmAsync(entity, justCreated: false);
        var view = await Redis().StringGetAsync(Keys().View(id));
        await Warmer().WarmAsync(entity, justCreated: false);

        Assert.Equal(12, (long)await Redis().StringGetAsync(Keys().Stock(id)));
        Assert.Equal(view, await Redis().StringGetAsync(Keys().View(id)));
    }

    private async Task<FlashSale.Inventory.Data.Sale> LoadAsync(long id)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Sales.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    private SaleWarmer Warmer() => fixture.Factory.Services.GetRequiredService<SaleWarmer>();
    private SaleKeys Keys() => fixture.Factory.Services.GetRequiredService<SaleKeys>();
    private IDatabase Redis() => fixture.Factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
}

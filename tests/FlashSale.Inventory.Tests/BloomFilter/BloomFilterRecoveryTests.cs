using System.Globalization;
using System.Net;
using FlashSale.Inventory.BloomFilter;
using FlashSale.Inventory.Caching;
using FlashSale.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FlashSale.Inventory.Tests.BloomFilter;

public sealed class BloomFilterRecoveryTests(InventoryServiceFixture fixture) : IClassFixture<InventoryServiceFixture>
{
    [Fact]
    public async Task A_flushed_filter_never_hides_a_real_sale_and_is_rebuilt_from_postgres()
    {
        var sale = await fixture.CreateSaleAsync(DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow.AddHours(1));
        var id = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        var filter = fixture.Factory.Services.GetRequiredService<RedisBloomFilter>();
        await Redis().KeyDeleteAsync(fixture.Factory.Services.GetRequiredService<SaleKeys>().BloomFilter);
        using var client = fixture.Factory.CreateClient();

        Assert.Equal(BloomAnswer.Unknown, await filter.MightContainAsync(id));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/sales/{sale.Id}")).StatusCode);

        // That lookup asked for a rebuild in the background.
        await Eventually.HoldsAsync(() => filter.ExistsAsync(), "the filter to be rebuilt", TimeSpan.FromSeconds(10));
        Assert.Equal(BloomAnswer.MaybePresent, await filter.MightContainAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/sales/{id + 1_000_003}")).StatusCode);
    }

    [Fact]
    public async Task At_start_up_a_missing_filter_is_built_from_every_sale_in_postgres()
    {
        var sales = new[]
        {
            await fixture.CreateSaleAsync(DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow.AddHours(1)),
            await fixture.CreateSaleAsync(DateTimeOffset.UtcNow.AddDays(-1).AddMinutes(1), DateTimeOffset.UtcNow.AddMinutes(1)),
        };
        var filter = fixture.Factory.Services.GetRequiredService<RedisBloomFilter>();
        var maintenance = fixture.Factory.Services.GetRequiredService<BloomFilterMaintenance>();
        await Redis().KeyDeleteAsync(fixture.Factory.Services.GetRequiredService<SaleKeys>().BloomFilter);

        await maintenance.EnsureBuiltAsync(CancellationToken.None);

        foreach (var sale in sales)
        {
            Assert.Equal(BloomAnswer.MaybePresent, await filter.MightContainAsync(long.Parse(sale.Id, CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public async Task A_false_positive_falls_through_to_the_exact_lookup_and_answers_404()
    {
        var filter = fixture.Factory.Services.GetRequiredService<RedisBloomFilter>();
        var ghost = Random.Shared.NextInt64(1L << 40, 1L << 50);
        await filter.TryAddAsync(ghost); // in the filter, never a sale: a false positive by construction
        using var client = fixture.Factory.CreateClient();
        var readsBefore = fixture.Commands.Count("FROM sales", "LIMIT 1");

        var first = await client.GetAsync($"/api/sales/{ghost}");
        var second = await client.GetAsync($"/api/sales/{ghost}");

        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        // The miss is remembered briefly, so repeated false positives do not reach the database either.
        Assert.Equal(1, fixture.Commands.Count("FROM sales", "LIMIT 1") - readsBefore);
    }

    private IDatabase Redis() => fixture.Factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
}

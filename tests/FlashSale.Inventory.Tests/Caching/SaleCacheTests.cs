using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Metrics;
using FlashSale.Inventory.Sales;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RedLockNet;
using StackExchange.Redis;

namespace FlashSale.Inventory.Tests.Caching;

public sealed class SaleCacheTests(InventoryServiceFixture fixture) : IClassFixture<InventoryServiceFixture>
{
    // A sale looked up by id: what a cache miss costs. Background jobs (warm-up, relay) read sales too, but in bulk.
    private static readonly string[] SaleById = ["FROM sales", "LIMIT 1"];

    [Fact]
    public async Task Two_hundred_concurrent_requests_for_a_cold_hot_key_read_the_database_once()
    {
        var sale = await fixture.CreateSaleAsync(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        var id = long.Parse(sale.Id, System.Globalization.CultureInfo.InvariantCulture);
        var keys = fixture.Factory.Services.GetRequiredService<SaleKeys>();
        await Redis().KeyDeleteAsync([keys.View(id), keys.LastGoodView(id)]);
        var readsBefore = fixture.Commands.Count(SaleById);
        using var client = fixture.Factory.CreateClient();

        using var start = new ManualResetEventSlim();
        var requests = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await client.GetAsync($"/api/sales/{sale.Id}");
        })).ToList();
        start.Set();
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, fixture.Commands.Count(SaleById) - readsBefore);
    }

    [Fact]
    public async Task Unknown_ids_are_rejected_by_the_bloom_filter_without_the_database_or_the_sale_cache()
    {
        var meters = fixture.Factory.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var rejections = new MetricCollector<long>(meters, InventoryMetrics.MeterName, "flashsale.bloom.rejections");
        using var hits = new MetricCollector<long>(meters, InventoryMetrics.MeterName, "flashsale.sale_cache.hits");
        using var misses = new MetricCollector<long>(meters, InventoryMetrics.MeterName, "flashsale.sale_cache.misses");
        // Only the outbox relay polls on its own here (its table, not sales); everything else is idle.
        var commandsBefore = fixture.Commands.Count("sales");
        using var client = fixture.Factory.CreateClient();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 50; i++)
        {
            answers.Add(await client.GetAsync($"/api/sales/{Random.Shared.NextInt64(1, long.MaxValue)}"));
        }

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NotFound, a.StatusCode));
        Assert.Contains("sale-not-found", await answers[0].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, fixture.Commands.Count("sales") - commandsBefore);
        // At 0.1 % false positives, 50 random ids all meet the filter's "no"; none reaches the cache.
        Assert.Equal(50, rejections.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(0, hits.GetMeasurementSnapshot().EvaluateAsCounter() + misses.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task Views_carry_an_etag_and_if_none_match_answers_304()
    {
        var sale = await fixture.CreateSaleAsync(DateTimeOffset.UtcNow.AddMinutes(10), DateTimeOffset.UtcNow.AddHours(1));
        using var client = fixture.Factory.CreateClient();

        var first = await client.GetAsync($"/api/sales/{sale.Id}");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/sales/{sale.Id}");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await client.SendAsync(conditional);

        Assert.NotNull(first.Headers.ETag);
        Assert.True(first.Headers.CacheControl!.Public);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task The_etag_changes_when_the_sale_sells_out()
    {
        var sale = await fixture.CreateSaleAsync(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        var keys = fixture.Factory.Services.GetRequiredService<SaleKeys>();
        using var client = fixture.Factory.CreateClient();

        var before = await client.GetAsync($"/api/sales/{sale.Id}");
        await Redis().StringSetAsync(keys.Stock(long.Parse(sale.Id, System.Globalization.CultureInfo.InvariantCulture)), 0);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/sales/{sale.Id}");
        conditional.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        var after = await client.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(SaleStatus.SoldOut, (await after.Content.ReadFromJsonAsync<SaleResponse>())!.Status);
    }

    [Fact]
    public async Task While_another_caller_rebuilds_the_last_good_copy_is_served_without_the_database()
    {
        var sale = await fixture.CreateSaleAsync(DateTimeOffset.UtcNow.AddMinutes(5), DateTimeOffset.UtcNow.AddHours(1));
        var id = long.Parse(sale.Id, System.Globalization.CultureInfo.InvariantCulture);
        var keys = fixture.Factory.Services.GetRequiredService<SaleKeys>();
        var locks = fixture.Factory.Services.GetRequiredService<IDistributedLockFactory>();
        await Redis().KeyDeleteAsync(keys.View(id));
        var readsBefore = fixture.Commands.Count(SaleById);
        using var client = fixture.Factory.CreateClient();

        await using (var held = await locks.CreateLockAsync(keys.ViewRebuildLock(id), TimeSpan.FromSeconds(30)))
        {
            Assert.True(held.IsAcquired);
            var response = await client.GetFromJsonAsync<SaleResponse>($"/api/sales/{sale.Id}");
            Assert.Equal(sale.Id, response!.Id);
        }

        Assert.Equal(0, fixture.Commands.Count(SaleById) - readsBefore);
    }

    [Fact]
    public void Cache_entries_expire_with_jitter()
    {
        var cache = fixture.Factory.Services.GetRequiredService<HotKeyCache>();
        var ttls = Enumerable.Range(0, 50).Select(_ => cache.WithJitter(TimeSpan.FromMinutes(10))).ToList();

        Assert.All(ttls, t => Assert.InRange(t, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(12)));
        Assert.True(ttls.Distinct().Count() > 40);
    }

    [Fact]
    public async Task The_list_shows_active_and_upcoming_sales_with_their_status()
    {
        var active = await fixture.CreateSaleAsync(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        var upcoming = await fixture.CreateSaleAsync(DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(2));
        using var client = fixture.Factory.CreateClient();

        var response = await client.GetAsync("/api/sales");
        var sales = (await response.Content.ReadFromJsonAsync<List<SaleResponse>>())!;

        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(SaleStatus.Active, sales.Single(s => s.Id == active.Id).Status);
        Assert.Equal(SaleStatus.Upcoming, sales.Single(s => s.Id == upcoming.Id).Status);
        Assert.Equal(sales.OrderBy(s => s.StartsAt).Select(s => s.Id), sales.Select(s => s.Id));
    }

    private IDatabase Redis() => fixture.Factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
}

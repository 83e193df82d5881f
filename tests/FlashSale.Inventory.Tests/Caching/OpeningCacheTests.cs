namespace FlashSale.Inventory.Tests.Caching;

/// <summary>A CDN may cache the public views, but never carry "upcoming" past the start instant.</summary>
public sealed class OpeningCacheTests(FakeClockInventoryFixture fixture) : IClassFixture<FakeClockInventoryFixture>
{
    [Fact]
    public async Task Neither_max_age_nor_stale_while_revalidate_reaches_past_the_start()
    {
        var now = fixture.Clock.GetUtcNow();
        var startsAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddMinutes(10);
        var sale = await fixture.CreateSaleAsync(startsAt, startsAt.AddHours(1));
        using var client = fixture.Factory.CreateClient();

        var farAhead = await CacheControlAsync(client, $"/api/sales/{sale.Id}");
        fixture.Clock.SetUtcNow(startsAt.AddSeconds(-1.5));
        var oneAndAHalfSecondsAhead = await CacheControlAsync(client, $"/api/sales/{sale.Id}");
        fixture.Clock.SetUtcNow(startsAt.AddSeconds(-0.5));
        var halfASecondAhead = await CacheControlAsync(client, $"/api/sales/{sale.Id}");
        var list = await CacheControlAsync(client, "/api/sales");

        Assert.Equal((true, 1, "1"), farAhead);
        Assert.Equal((true, 1, "0"), oneAndAHalfSecondsAhead);
        Assert.Equal((true, 0, "0"), halfASecondAhead);
        Assert.Equal((true, 0, "0"), list);
    }

    private static async Task<(bool Public, int MaxAge, string? StaleWhileRevalidate)> CacheControlAsync(HttpClient client, string path)
    {
        var cacheControl = (await client.GetAsync(path)).Headers.CacheControl!;
        return (cacheControl.Public, (int)cacheControl.MaxAge!.Value.TotalSeconds,
            cacheControl.Extensions.SingleOrDefault(e => e.Name == "stale-while-revalidate")?.Value);
    }
}

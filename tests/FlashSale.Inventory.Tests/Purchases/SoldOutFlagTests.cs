using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FlashSale.Contracts.Purchases;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Purchases;
using FlashSale.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FlashSale.Inventory.Tests.Purchases;

public sealed class SoldOutFlagTests(RedisLuaInstances fixture) : IClassFixture<RedisLuaInstances>
{
    [Fact]
    public async Task After_sell_out_the_flag_answers_locally_keeps_idempotency_and_reopens_on_every_instance_when_stock_returns()
    {
        var sale = await fixture.CreateSaleAsync(stock: 3, perUserLimit: 1);
        var saleId = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        var first = new Dictionary<string, string>();
        for (var u = 1; u <= 3; u++)
        {
            var response = await fixture.BuyAsync(0, $"flag-{u}", sale.Id, $"key-{u}");
            first[$"flag-{u}"] = (await response.Content.ReadFromJsonAsync<PurchaseAccepted>())!.OrderId;
        }

        // Each instance learns "sold out" from Redis once and raises its flag.
        Assert.Equal(HttpStatusCode.Conflict, (await fixture.BuyAsync(0, "flag-4", sale.Id, "k4")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await fixture.BuyAsync(1, "flag-4", sale.Id, "k4")).StatusCode);
        Assert.All(fixture.Instances, i => Assert.True(Flags(i).IsRaised(saleId)));

        // Units appear in Redis behind the flags' back: the flag still answers, so Redis was not asked.
        await Redis().StringSetAsync(Keys().Stock(saleId), 2);
        Assert.Equal(HttpStatusCode.Conflict, (await fixture.BuyAsync(0, "flag-5", sale.Id, "k5")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await fixture.BuyAsync(1, "flag-5", sale.Id, "k5")).StatusCode);

        // An admitted shopper retrying with the same key passes the flag and gets the same order.
        var retry = await fixture.BuyAsync(1, "flag-2", sale.Id, "key-2");
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(first["flag-2"], (await retry.Content.ReadFromJsonAsync<PurchaseAccepted>())!.OrderId);

        // Stock returned (fan-out): every instance re-opens.
        await fixture.Instances[0].Services.GetRequiredService<IBus>().Publish(new SaleStockReplenished(saleId, 2));
        await Eventually.HoldsAsync(() => fixture.Instances.All(i => !Flags(i).IsRaised(saleId)), "every instance to lower its sold-out flag",
            TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Accepted, (await fixture.BuyAsync(1, "flag-5", sale.Id, "k5")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await fixture.BuyAsync(0, "flag-6", sale.Id, "k6")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await fixture.BuyAsync(0, "flag-7", sale.Id, "k7")).StatusCode);
    }

    private static SoldOutFlags Flags(ServiceFactory<Program> instance) => instance.Services.GetRequiredService<SoldOutFlags>();
    private SaleKeys Keys() => fixture.Instances[0].Services.GetRequiredService<SaleKeys>();
    private IDatabase Redis() => fixture.Instances[0].Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
}

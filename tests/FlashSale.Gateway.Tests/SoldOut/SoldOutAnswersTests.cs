using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.BuildingBlocks.Sales;
using FlashSale.Testing;
using StackExchange.Redis;
using static FlashSale.Gateway.Tests.Shoppers;

namespace FlashSale.Gateway.Tests.SoldOut;

/// <summary>
/// The gateway answers purchases of a sold-out sale itself once inventory said so and Redis (real) agrees: no hop to
/// inventory for anyone the sale never admitted, while admitted shoppers, other addresses and sales whose units came
/// back still reach it. The fake downstream stands for inventory and counts what reached it.
/// </summary>
public sealed class SoldOutAnswersTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    private const string Address = "sale-address";
    private ConnectionMultiplexer? _redis;

    private IDatabase Redis => _redis!.GetDatabase();

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(fixture.Scope.Servers.Redis);

    public async Task DisposeAsync() => await _redis!.DisposeAsync();

    [Fact]
    public async Task After_inventorys_first_sold_out_answer_the_gateway_answers_everyone_it_never_admitted()
    {
        var (sale, _) = await SoldOutSaleAsync();
        await using var gateway = fixture.CreateGateway();

        await HeldAsync(gateway, sale);
        var before = fixture.Downstream.PurchasesReceived(sale);
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => BuyAsync(gateway, sale, NewUserId())));

        foreach (var answer in answers)
        {
            await AssertSoldOutAsync(answer, sale);
        }

        Assert.Equal(before, fixture.Downstream.PurchasesReceived(sale));
    }

    [Fact]
    public async Task An_admitted_shopper_still_reaches_inventory_so_a_retry_gets_its_order_again()
    {
        var (sale, admitted) = await SoldOutSaleAsync();
        await using var gateway = fixture.CreateGateway();
        await HeldAsync(gateway, sale);

        var before = fixture.Downstream.PurchasesReceived(sale);
        using var retry = await BuyAsync(gateway, sale, admitted);

        Assert.Equal(before + 1, fixture.Downstream.PurchasesReceived(sale));
    }

    [Fact]
    public async Task Another_address_or_a_purchase_without_an_Idempotency_Key_goes_on_to_inventory()
    {
        var (sale, _) = await SoldOutSaleAsync();
        await using var gateway = fixture.CreateGateway();
        await HeldAsync(gateway, sale);

        var before = fixture.Downstream.PurchasesReceived(sale);
        using var elsewhere = await BuyAsync(gateway, sale, NewUserId(), address: "guessed-address");
        using var withoutKey = await BuyAsync(gateway, sale, NewUserId(), idempotencyKey: null);
        using var leadingZero = await BuyAsync(gateway, sale, NewUserId(), saleSpelling: "0" + sale);

        Assert.Equal(before + 2, fixture.Downstream.PurchasesReceived(sale));
        Assert.Equal(1, fixture.Downstream.PurchasesReceived("0" + sale));
    }

    [Fact]
    public async Task Units_given_back_send_purchases_to_inventory_again_within_a_recheck()
    {
        var (sale, _) = await SoldOutSaleAsync();
        await using var gateway = fixture.CreateGateway();
        await HeldAsync(gateway, sale);

        await Redis.StringSetAsync(SaleStockKeys.Stock(fixture.Scope.RedisKeyPrefix, long.Parse(sale, System.Globalization.CultureInfo.InvariantCulture)), 1);

        await ReachesInventoryAsync(gateway, sale, "a released unit to send purchases to inventory again");
    }

    [Fact]
    public async Task A_shopper_admitted_after_the_gateway_read_the_sale_sends_purchases_to_inventory_again()
    {
        var (sale, _) = await SoldOutSaleAsync();
        await using var gateway = fixture.CreateGateway();
        await HeldAsync(gateway, sale);

        // A unit came back and was sold again between two rechecks: the stock is 0 again, one more shopper holds units.
        await Redis.HashSetAsync(UnitsPerUser(sale), NewUserId(), 1);

        await ReachesInventoryAsync(gateway, sale, "a newly admitted shopper to make the gateway forget what it read");
    }

    [Fact]
    public async Task Inventorys_sold_out_is_not_repeated_while_Redis_still_has_units()
    {
        var (sale, _) = await SoldOutSaleAsync(unitsLeft: 2);
        await using var gateway = fixture.CreateGateway();

        for (var i = 1; i <= 10; i++)
        {
            using var answer = await BuyAsync(gateway, sale, NewUserId());
            await AssertSoldOutAsync(answer, sale);
            Assert.Equal(i, fixture.Downstream.PurchasesReceived(sale));
            await Task.Delay(50);
        }
    }

    // Redis as inventory leaves a sold-out sale (no units left, the admitted shopper in units-per-user), and the
    // stand-in for inventory answering its purchases sold out.
    private async Task<(string Sale, string Admitted)> SoldOutSaleAsync(int unitsLeft = 0)
    {
        var sale = NewSaleId();
        var admitted = NewUserId();
        await Redis.StringSetAsync(SaleStockKeys.Stock(fixture.Scope.RedisKeyPrefix, long.Parse(sale, System.Globalization.CultureInfo.InvariantCulture)), unitsLeft);
        await Redis.HashSetAsync(UnitsPerUser(sale), admitted, 1);
        fixture.Downstream.SellOut(sale);
        return (sale, admitted);
    }

    private string UnitsPerUser(string sale) =>
        SaleStockKeys.UnitsPerUser(fixture.Scope.RedisKeyPrefix, long.Parse(sale, System.Globalization.CultureInfo.InvariantCulture));

    // Inventory's first sold-out answer makes the gateway read the sale; from then on a new shopper's purchase stops there.
    private async Task HeldAsync(ServiceFactory<Program> gateway, string sale) =>
        await Eventually.HoldsAsync(async () =>
        {
            var before = fixture.Downstream.PurchasesReceived(sale);
            using var answer = await BuyAsync(gateway, sale, NewUserId());
            await AssertSoldOutAsync(answer, sale);
            return fixture.Downstream.PurchasesReceived(sale) - before;
        }, reached => reached == 0, "the gateway to answer the sold-out sale itself");

    private async Task ReachesInventoryAsync(ServiceFactory<Program> gateway, string sale, string because) =>
        await Eventually.HoldsAsync(async () =>
        {
            var before = fixture.Downstream.PurchasesReceived(sale);
            using var answer = await BuyAsync(gateway, sale, NewUserId());
            return fixture.Downstream.PurchasesReceived(sale) - before;
        }, reached => reached == 1, because, TimeSpan.FromSeconds(5));

    private static async Task<HttpResponseMessage> BuyAsync(ServiceFactory<Program> gateway, string sale, string userId,
        string address = Address, string? idempotencyKey = "", string? saleSpelling = null)
    {
        using var client = Client(gateway, userId);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sales/{saleSpelling ?? sale}/purchases/{address}")
        {
            Content = JsonContent.Create(new { token = $"{sale}.token", quantity = 1 }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey.Length > 0 ? idempotencyKey : Guid.NewGuid().ToString());
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task AssertSoldOutAsync(HttpResponseMessage answer, string sale)
    {
        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://flashsale.dev/problems/sold-out", problem.GetProperty("type").GetString());
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal($"Sale {sale} has no units left for this purchase.", problem.GetProperty("detail").GetString());
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FlashSale.BuildingBlocks.Sales;
using StackExchange.Redis;
using static FlashSale.Gateway.Tests.Shoppers;

namespace FlashSale.Gateway.Tests.SoldOut;

/// <summary>
/// The opening instant: more shoppers than units arrive at once. The gateway lets at most the units left (Redis, real)
/// go on to inventory (the fake downstream, which sells its units slowly and keeps Redis's count as inventory does), holds
/// the others, and answers them sold out from memory once it is, so inventory sees about as many purchases as it has
/// units. The gate decides nothing: every unit is still sold, and whoever waits too long goes on anyway.
/// </summary>
public sealed class StockGateTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    private const string Address = "sale-address";
    // No place beyond the units left, so the counts below are exact.
    private static readonly Dictionary<string, string?> NoSaleLimit = new()
    {
        ["RateLimiting:Purchases:PerSale:PermitLimit"] = "1000000",
        ["SoldOut:Gate:Beyond"] = "0",
    };

    private ConnectionMultiplexer? _redis;

    private IDatabase Redis => _redis!.GetDatabase();

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync(fixture.Scope.Servers.Redis);

    public async Task DisposeAsync() => await _redis!.DisposeAsync();

    [Fact]
    public async Task A_crowd_beyond_the_units_waits_at_the_gateway_and_is_answered_sold_out_from_memory()
    {
        var sale = NewSaleId();
        var stock = await SaleAsync(sale, units: 5, answerAfter: TimeSpan.FromMilliseconds(200));
        await using var gateway = fixture.CreateGateway(NoSaleLimit);

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => BuyAsync(gateway, sale)));

        Assert.Equal(5, answers.Count(a => a == HttpStatusCode.Accepted));
        Assert.Equal(55, answers.Count(a => a == HttpStatusCode.Conflict));
        Assert.Equal(5, stock.MostAtOnce); // the units left on their way to inventory at once, no more
        // The five sold, then one probe (or a few, while the sold-out answer is being confirmed in Redis) finds it sold out.
        var reached = fixture.Downstream.PurchasesReceived(sale);
        Assert.InRange(reached, 6, 10);
    }

    [Fact]
    public async Task The_places_beyond_the_units_answer_the_crowd_before_the_admitted_purchases_come_back()
    {
        // Inventory takes its last unit at once but answers the admitted purchases a while later (their way back is slow).
        var sale = NewSaleId();
        await SaleAsync(sale, units: 5, answerAfter: TimeSpan.Zero, admittedAnswerAfter: TimeSpan.FromSeconds(2));
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>(NoSaleLimit) { ["SoldOut:Gate:Beyond"] = "2" });
        var started = System.Diagnostics.Stopwatch.StartNew();

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(async _ => (Status: await BuyAsync(gateway, sale), started.Elapsed)));

        Assert.Equal(5, answers.Count(a => a.Status == HttpStatusCode.Accepted));
        var soldOut = answers.Where(a => a.Status == HttpStatusCode.Conflict).ToList();
        Assert.Equal(55, soldOut.Count);
        Assert.True(soldOut.Max(a => a.Elapsed) < answers.Where(a => a.Status == HttpStatusCode.Accepted).Min(a => a.Elapsed),
            "every sold-out answer before the first admitted purchase came back");
        Assert.InRange(fixture.Downstream.PurchasesReceived(sale), 7, 12);
    }

    [Fact]
    public async Task Without_the_gate_the_whole_crowd_reaches_inventory()
    {
        var sale = NewSaleId();
        await SaleAsync(sale, units: 5, answerAfter: TimeSpan.FromMilliseconds(200));
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>(NoSaleLimit) { ["SoldOut:Gate:Enabled"] = "false" });

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => BuyAsync(gateway, sale)));

        Assert.Equal(5, answers.Count(a => a == HttpStatusCode.Accepted));
        Assert.Equal(60, fixture.Downstream.PurchasesReceived(sale));
    }

    [Fact]
    public async Task Units_the_count_does_not_know_of_are_still_sold_and_prove_the_count_stale()
    {
        // Redis said none were left when the gate read it; inventory has three (given back since, or sold by another gateway's count).
        var sale = NewSaleId();
        var stock = await SaleAsync(sale, units: 3, answerAfter: TimeSpan.FromMilliseconds(100), redisUnits: 0);
        await using var gateway = fixture.CreateGateway(NoSaleLimit);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => BuyAsync(gateway, sale)));

        Assert.Equal(3, answers.Count(a => a == HttpStatusCode.Accepted));
        Assert.Equal(1, answers.Count(a => a == HttpStatusCode.Conflict));
        // One probe first; its admission proves the count wrong and the three waiting go on together.
        Assert.Equal(3, stock.MostAtOnce);
    }

    [Fact]
    public async Task A_purchase_that_waited_its_longest_goes_on_to_inventory()
    {
        var sale = NewSaleId();
        var stock = await SaleAsync(sale, units: 1, answerAfter: TimeSpan.FromSeconds(2));
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?>(NoSaleLimit) { ["SoldOut:Gate:MaxWait"] = "00:00:00.100" });

        var answers = await Task.WhenAll(BuyAsync(gateway, sale), BuyAsync(gateway, sale));

        Assert.Equal(2, stock.MostAtOnce);
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], answers.Order());
    }

    [Fact]
    public async Task A_sale_without_units_in_Redis_is_not_gated()
    {
        var sale = NewSaleId();
        var stock = fixture.Downstream.Stock(sale, 10, TimeSpan.FromMilliseconds(200), () => Task.CompletedTask);
        await using var gateway = fixture.CreateGateway(NoSaleLimit);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => BuyAsync(gateway, sale)));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Accepted, answer));
        Assert.Equal(10, stock.MostAtOnce);
    }

    // Inventory's units, and Redis's copy of the units left that inventory keeps (and the gateway reads).
    private async Task<LimitedStock> SaleAsync(string sale, int units, TimeSpan answerAfter, int? redisUnits = null, TimeSpan admittedAnswerAfter = default)
    {
        RedisKey left = SaleStockKeys.Stock(fixture.Scope.RedisKeyPrefix, long.Parse(sale, CultureInfo.InvariantCulture));
        await Redis.StringSetAsync(left, redisUnits ?? units);
        return fixture.Downstream.Stock(sale, units, answerAfter, async () =>
        {
            if (redisUnits is null)
            {
                await Redis.StringDecrementAsync(left);
            }
        }, admittedAnswerAfter);
    }

    private static async Task<HttpStatusCode> BuyAsync(Testing.ServiceFactory<Program> gateway, string sale)
    {
        using var client = Client(gateway, NewUserId());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sales/{sale}/purchases/{Address}")
        {
            Content = JsonContent.Create(new { token = $"{sale}.token", quantity = 1 }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}

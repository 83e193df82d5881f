using System.Net;
using System.Net.Http.Json;
using FlashSale.Order.Data;
using FlashSale.Order.Orders;
using FlashSale.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Order.Tests.Orders;

public sealed class OrderServiceFixture() : ServiceFixture<Program>("order")
{
    public const long PendingOrderId = 252_100_562_613_440_777;
    public const string PendingOwner = "pending-owner";
    public static readonly string PendingOwnerToken = TestTokens.Shopper(PendingOwner);

    private FakeHttpPeer? _inventory;

    protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Services:inventory"] = _inventory!.Address.ToString(),
    };

    /// <summary>Inventory knows one admitted reservation, and tells it only to its owner.</summary>
    protected override async Task BeforeStartAsync() => _inventory = await FakeHttpPeer.StartAsync(app =>
        app.MapGet("/internal/reservations/{orderId}", (string orderId, HttpRequest request) =>
            orderId == PendingOrderId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && request.Headers.Authorization == $"Bearer {PendingOwnerToken}"
                ? Results.Json(new { orderId, saleId = "77", userId = PendingOwner, quantity = 2, unitPrice = 9.90m })
                : Results.NotFound()));

    protected override async ValueTask AfterStopAsync()
    {
        if (_inventory is not null)
        {
            await _inventory.DisposeAsync();
        }
    }
}

public sealed class OrderApiTests(OrderServiceFixture fixture) : IClassFixture<OrderServiceFixture>
{
    private static readonly DateTimeOffset Created = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_new_shopper_has_no_orders()
    {
        using var client = fixture.Factory.CreateClientFor(TestTokens.Shopper($"new-{Guid.NewGuid():N}"));

        var page = await client.GetFromJsonAsync<OrderPage>("/api/orders");

        Assert.NotNull(page);
        Assert.Empty(page.Items);
        Assert.Null(page.NextBefore);
    }

    [Fact]
    public async Task The_callers_orders_come_newest_first_in_pages_and_never_anyone_elses()
    {
        var me = $"me-{Guid.NewGuid():N}";
        var other = $"other-{Guid.NewGuid():N}";
        var baseId = Random.Shared.NextInt64(1L << 40, 1L << 50);
        await SeedAsync(Enumerable.Range(1, 5).Select(i => NewOrder(baseId + i, me))
            .Append(NewOrder(baseId + 100, other)));
        using var client = fixture.Factory.CreateClientFor(TestTokens.Shopper(me));

        var first = await client.GetFromJsonAsync<OrderPage>("/api/orders?limit=3");
        var second = await client.GetFromJsonAsync<OrderPage>($"/api/orders?limit=3&before={first!.NextBefore}");

        Assert.Equal([baseId + 5, baseId + 4, baseId + 3], first.Items.Select(o => long.Parse(o.Id, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal([baseId + 2, baseId + 1], second!.Items.Select(o => long.Parse(o.Id, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Null(second.NextBefore);
        Assert.All(first.Items.Concat(second.Items), o => Assert.Equal(me, o.UserId));
    }

    [Fact]
    public async Task An_order_is_shown_to_its_owner_in_the_contract_shape()
    {
        var me = $"me-{Guid.NewGuid():N}";
        var id = Random.Shared.NextInt64(1L << 40, 1L << 50);
        await SeedAsync([NewOrder(id, me)]);
        using var client = fixture.Factory.CreateClientFor(TestTokens.Shopper(me));

        var json = await client.GetStringAsync($"/api/orders/{id}");

        Assert.Contains($"\"id\":\"{id}\"", json, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"awaitingPayment\"", json, StringComparison.Ordinal);
        Assert.Contains("\"amount\":19.80", json, StringComparison.Ordinal);
        Assert.Contains("\"saleId\":\"77\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_elses_order_answers_404_like_a_missing_one()
    {
        var id = Random.Shared.NextInt64(1L << 40, 1L << 50);
        await SeedAsync([NewOrder(id, $"owner-{Guid.NewGuid():N}")]);
        using var client = fixture.Factory.CreateClientFor(TestTokens.Shopper($"thief-{Guid.NewGuid():N}"));

        var theirs = await client.GetAsync($"/api/orders/{id}");
        var missing = await client.GetAsync($"/api/orders/{id + 1}");

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", theirs.Content.Headers.ContentType?.MediaType);
        Assert.Contains("order-not-found", await theirs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admitted_purchase_whose_order_is_on_its_way_answers_pending_to_its_owner_only()
    {
        using var owner = fixture.Factory.CreateClientFor(OrderServiceFixture.PendingOwnerToken);
        using var stranger = fixture.Factory.CreateClientFor(TestTokens.Shopper("stranger"));

        var mine = await owner.GetFromJsonAsync<OrderResponse>($"/api/orders/{OrderServiceFixture.PendingOrderId}");
        var theirs = await stranger.GetAsync($"/api/orders/{OrderServiceFixture.PendingOrderId}");

        Assert.Equal("pending", mine!.Status);
        Assert.Equal(19.80m, mine.Amount);
        Assert.Equal(OrderServiceFixture.PendingOwner, mine.UserId);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
    }

    [Theory]
    [InlineData("/api/orders?limit=0", "limit")]
    [InlineData("/api/orders?limit=101", "limit")]
    [InlineData("/api/orders?limit=abc", "limit")]
    [InlineData("/api/orders?before=-5", "before")]
    [InlineData("/api/orders/not-a-number", "id")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string url, string field)
    {
        using var client = fixture.Factory.CreateClientFor(TestTokens.Shopper("u-bad-input"));

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("/problems/validation", body, StringComparison.Ordinal);
        Assert.Contains(field, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_valid_token_the_service_answers_401()
    {
        using var anonymous = fixture.Factory.CreateClient();
        using var wrongKey = fixture.Factory.CreateClientFor(TestTokens.Create("u-1", "shopper", signingKey: TestTokens.AttackerKey));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.GetAsync("/api/orders")).StatusCode);
    }

    [Fact]
    public async Task Readiness_checks_the_database_and_the_bus()
    {
        using var client = fixture.Factory.CreateClient();

        using var admin = fixture.Factory.CreateClientFor(TestTokens.Admin());
        var body = await client.GetStringAsync("/health/ready");
        var detailed = await admin.GetStringAsync("/health/ready");

        Assert.Contains("\"postgres\":{\"status\":\"Healthy\"", body, StringComparison.Ordinal);
        Assert.Contains("masstransit", body, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("{\"status\":\"Healthy\"", body, StringComparison.Ordinal);
        // Descriptions name addresses and errors: an admin reads them, an anonymous caller does not.
        Assert.DoesNotContain("description", body, StringComparison.Ordinal);
        Assert.Contains("description", detailed, StringComparison.Ordinal);
    }

    private static PurchaseOrder NewOrder(long id, string userId) => new()
    {
        Id = id,
        SaleId = 77,
        UserId = userId,
        Quantity = 2,
        Amount = 19.80m,
        Status = OrderStatus.AwaitingPayment,
        CreatedAt = Created,
        PaymentDeadline = DateTimeOffset.UtcNow.AddHours(1), // far enough that the deadline sweeper leaves it alone
    };

    private async Task SeedAsync(IEnumerable<PurchaseOrder> orders)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        db.Orders.AddRange(orders);
        await db.SaveChangesAsync();
    }
}

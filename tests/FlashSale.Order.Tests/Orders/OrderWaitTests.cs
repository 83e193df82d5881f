using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FlashSale.BuildingBlocks.Ids;
using FlashSale.Order.Data;
using FlashSale.Order.Orders;
using FlashSale.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Order.Tests.Orders;

/// <summary>GET /api/orders/{id}?waitFor=: the long poll that tells shoppers instead of letting them poll.</summary>
public sealed class OrderWaitTests(OrderServiceFixture fixture) : IClassFixture<OrderServiceFixture>
{
    [Fact]
    public async Task A_wait_answers_when_the_order_moves_here_when_the_deadline_sweeper_cancels_it()
    {
        var me = $"waiter-{Guid.NewGuid():N}";
        var id = await SeedAsync(me, deadline: DateTimeOffset.UtcNow.AddSeconds(2));
        using var client = fixture.Factory.CreateClientFor(TestTokens.Shopper(me));

        var order = await client.GetFromJsonAsync<OrderResponse>($"/api/orders/{id}?waitFor=paid&wait=25");

        // At the end of its 25 s it would have answered awaitingPayment: the change woke it.
        Assert.Equal("cancelled", order!.Status);
        Assert.Equal("payment-deadline-passed", order.CancelReason);
    }

    [Fact]
    public async Task A_wait_that_runs_out_answers_the_order_as_it_stands_and_one_already_there_answers_at_once()
    {
        var me = $"waiter-{Guid.NewGuid():N}";
        var id = await SeedAsync(me, deadline: DateTimeOffset.UtcNow.AddHours(1));
        using var client = fixture.Factory.CreateClientFor(TestTokens.Shopper(me));

        var waited = await client.GetFromJsonAsync<OrderResponse>($"/api/orders/{id}?waitFor=paid&wait=0.3");
        var there = await client.GetFromJsonAsync<OrderResponse>($"/api/orders/{id}?waitFor=awaitingPayment,paid&wait=30");

        Assert.Equal("awaitingPayment", waited!.Status);
        Assert.Equal("awaitingPayment", there!.Status);
    }

    [Fact]
    public async Task An_order_on_its_way_waits_as_pending_and_someone_elses_order_is_not_found()
    {
        using var owner = fixture.Factory.CreateClientFor(OrderServiceFixture.PendingOwnerToken);
        using var stranger = fixture.Factory.CreateClientFor(TestTokens.Shopper($"stranger-{Guid.NewGuid():N}"));
        var path = $"/api/orders/{OrderServiceFixture.PendingOrderId}?waitFor=awaitingPayment&wait=0.3";

        var pending = await owner.GetFromJsonAsync<OrderResponse>(path);
        var notMine = await stranger.GetAsync(path);

        Assert.Equal("pending", pending!.Status);
        Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);
    }

    [Theory]
    [InlineData("waitFor=shipped", "waitFor")]
    [InlineData("waitFor=pending", "waitFor")]
    [InlineData("waitFor=,", "waitFor")]
    [InlineData("waitFor=paid&wait=31", "wait")]
    [InlineData("waitFor=paid&wait=-1", "wait")]
    public async Task A_wait_for_something_that_cannot_be_waited_for_is_a_clear_400(string query, string field)
    {
        var me = $"waiter-{Guid.NewGuid():N}";
        var id = await SeedAsync(me, deadline: DateTimeOffset.UtcNow.AddHours(1));
        using var client = fixture.Factory.CreateClientFor(TestTokens.Shopper(me));

        var response = await client.GetAsync($"/api/orders/{id}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.StartsWith($"{field}:", problem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_holds_a_bounded_number_of_waits_open_and_they_close_when_the_shopper_goes()
    {
        var me = $"waiter-{Guid.NewGuid():N}";
        var id = await SeedAsync(me, deadline: DateTimeOffset.UtcNow.AddHours(1));
        using var client = fixture.Factory.CreateClientFor(TestTokens.Shopper(me));
        using var stop = new CancellationTokenSource();
        var open = Enumerable.Range(0, new OrderWaitOptions().MaxOpenPerUser)
            .Select(_ => client.GetAsync($"/api/orders/{id}?waitFor=paid&wait=30", stop.Token)).ToList();

        // Once the others are open (on a busy machine they may take a while to arrive), one more is refused.
        var changes = fixture.Factory.Services.GetRequiredService<OrderChanges>();
        await Eventually.HoldsAsync(() => Task.FromResult(changes.OpenFor(me)), n => n == open.Count, $"all {open.Count} waits to be open",
            TimeSpan.FromSeconds(60));
        var refused = await client.GetAsync($"/api/orders/{id}?waitFor=paid&wait=0");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.EndsWith("too-many-waits", problem!.Type, StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.All(open, wait => Assert.False(wait.IsCompleted));
        await stop.CancelAsync();
        await Task.WhenAll(open.Select(async wait => await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait)));
        await Eventually.HoldsAsync(() => Task.FromResult(changes.OpenFor(me)), n => n == 0, "the cancelled waits to close", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_poll_of_a_purchase_admitted_a_moment_ago_waits_for_its_order_without_asking_inventory()
    {
        var me = $"waiter-{Guid.NewGuid():N}";
        // Issued now, unknown to inventory (the fake answers 404 for it): asked at once, the poll would be a 404.
        var id = new SnowflakeId((long)(DateTimeOffset.UtcNow - SnowflakeId.Epoch).TotalMilliseconds, 1, Random.Shared.Next(SnowflakeId.MaxSequence)).Value;
        using var client = fixture.Factory.CreateClientFor(TestTokens.Shopper(me));

        var poll = client.GetFromJsonAsync<OrderResponse>($"/api/orders/{id}?waitFor=awaitingPayment&wait=10");
        await Task.Delay(300);
        await SeedAsync(me, deadline: DateTimeOffset.UtcNow.AddHours(1), id);
        fixture.Factory.Services.GetRequiredService<OrderChanges>().Committed([await StoredAsync(id)]);

        Assert.Equal("awaitingPayment", (await poll)!.Status);
    }

    [Fact]
    public async Task A_poll_woken_into_the_status_it_waits_for_answers_the_order_as_committed_without_reading_it_again()
    {
        var me = $"waiter-{Guid.NewGuid():N}";
        var id = long.Parse(await SeedAsync(me, deadline: DateTimeOffset.UtcNow.AddHours(1)), CultureInfo.InvariantCulture);
        var changes = fixture.Factory.Services.GetRequiredService<OrderChanges>();
        using var client = fixture.Factory.CreateClientFor(TestTokens.Shopper(me));
        var stored = await StoredAsync(id);
        var poll = client.GetFromJsonAsync<OrderResponse>($"/api/orders/{id}?waitFor=paid&wait=20");
        await Eventually.HoldsAsync(() => Task.FromResult(changes.OpenFor(me)), n => n == 1, "the poll to open", TimeSpan.FromSeconds(10));
        await Task.Delay(300);

        // Woken into a status it does not wait for: it reads the order (still awaiting payment) and goes on waiting.
        changes.Committed([Moved(stored, OrderStatus.Paying)]);
        await Task.Delay(300);
        Assert.False(poll.IsCompleted);

        // Woken into "paid", a state only the signal carries (the table still says awaiting payment): answered as committed.
        Assert.Equal("paid", (await SignalUntilAnsweredAsync(changes, Moved(stored, OrderStatus.Paid), poll))!.Status);
    }

    [Fact]
    public async Task A_change_signalled_for_someone_elses_order_is_never_answered_from_the_signal()
    {
        var me = $"waiter-{Guid.NewGuid():N}";
        // Issued now and unknown here and to inventory: the poll waits for its creation, then answers 404.
        var id = new SnowflakeId((long)(DateTimeOffset.UtcNow - SnowflakeId.Epoch).TotalMilliseconds, 1, Random.Shared.Next(SnowflakeId.MaxSequence)).Value;
        var changes = fixture.Factory.Services.GetRequiredService<OrderChanges>();
        using var client = fixture.Factory.CreateClientFor(TestTokens.Shopper(me));
        var poll = client.GetAsync($"/api/orders/{id}?waitFor=awaitingPayment&wait=10");
        var someoneElses = NewOrder(id, $"other-{Guid.NewGuid():N}", OrderStatus.AwaitingPayment, DateTimeOffset.UtcNow.AddHours(1));

        using var response = await SignalUntilAnsweredAsync(changes, someoneElses, poll);
        Assert.Equal(HttpStatusCode.NotFound, response!.StatusCode);
    }

    private static PurchaseOrder Moved(PurchaseOrder order, OrderStatus status) => NewOrder(order.Id, order.UserId, status, order.PaymentDeadline);

    private static PurchaseOrder NewOrder(long id, string userId, OrderStatus status, DateTimeOffset? deadline) => new()
    {
        Id = id,
        SaleId = 77,
        UserId = userId,
        Quantity = 1,
        Amount = 9.90m,
        Status = status,
        CreatedAt = DateTimeOffset.UtcNow,
        PaymentDeadline = deadline,
    };

    /// <summary>Signals the change again and again until the poll answers (a signal nobody waits for yet wakes nobody).</summary>
    private static async Task<T> SignalUntilAnsweredAsync<T>(OrderChanges changes, PurchaseOrder committed, Task<T> poll)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!poll.IsCompleted && DateTime.UtcNow < deadline)
        {
            changes.Committed([committed]);
            await Task.WhenAny(poll, Task.Delay(50));
        }

        return await poll;
    }

    private async Task<PurchaseOrder> StoredAsync(long id)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrderDbContext>().Orders.AsNoTracking().SingleAsync(o => o.Id == id);
    }

    private async Task<string> SeedAsync(string userId, DateTimeOffset deadline, long? orderId = null)
    {
        var id = orderId ?? Random.Shared.NextInt64(1L << 40, 1L << 50);
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        db.Orders.Add(NewOrder(id, userId, OrderStatus.AwaitingPayment, deadline));
        await db.SaveChangesAsync();
        return id.ToString(CultureInfo.InvariantCulture);
    }
}

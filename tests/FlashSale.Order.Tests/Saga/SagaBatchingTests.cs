using FlashSale.Contracts.Purchases;
using FlashSale.Contracts.Stock;
using FlashSale.Messaging.Inbox;
using FlashSale.Order.Data;
using FlashSale.Order.Orders;
using FlashSale.Order.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Order.Tests.Saga;

/// <summary>
/// The saga's group commit (InboxBatcher) on real PostgreSQL: many messages in one transaction behave exactly as
/// the same messages one by one — a duplicate inside a batch, a poison message inside a batch and a redelivered
/// batch each included.
/// </summary>
public sealed class SagaBatchingTests(SagaFixture fixture) : IClassFixture<SagaFixture>
{
    private InboxBatcher<OrderDbContext, PurchaseReserved> Creation => fixture.Factory.Services.GetRequiredService<InboxBatcher<OrderDbContext, PurchaseReserved>>();
    private InboxBatcher<OrderDbContext, SagaEvent> Steps => fixture.Factory.Services.GetRequiredService<InboxBatcher<OrderDbContext, SagaEvent>>();

    [Fact]
    public async Task Reservations_arriving_together_create_each_order_once_also_when_one_is_resent_under_a_new_id()
    {
        var reservations = Enumerable.Range(0, 40).Select(_ => Reservation()).ToList();
        var resent = reservations[7];

        var answers = await Task.WhenAll(
            reservations.Select(r => Creation.ConsumeAsync(Guid.NewGuid(), "PurchaseReservedConsumer", r, CancellationToken.None))
                .Append(Creation.ConsumeAsync(Guid.NewGuid(), "PurchaseReservedConsumer", resent, CancellationToken.None)));

        Assert.All(answers, Assert.True); // new message ids: the inbox lets them in, the order id decides
        foreach (var reservation in reservations)
        {
            var order = await fixture.WaitForOrderAsync(reservation.OrderId, o => o.Status == OrderStatus.AwaitingPayment);
            Assert.Equal(10m, order.Amount);
            Assert.Equal(["CommitStock", "OrdersAwaitingPayment", "OrdersAwaitingPayment"], await fixture.CommandsForAsync(reservation.OrderId));
        }
    }

    [Fact]
    public async Task A_batch_with_a_duplicate_and_a_poison_message_applies_every_good_message_once_and_fails_only_the_poison()
    {
        var orders = await CreateOrdersAsync(30);
        var events = orders.Select(id => (Id: Guid.NewGuid(), Event: Released(id))).ToList();
        var unknownOrder = Random.Shared.NextInt64(1L << 51, 1L << 52);

        var good = events.Select(e => Steps.ConsumeAsync(e.Id, "order-saga.StockReleased", e.Event, CancellationToken.None))
            .Append(Steps.ConsumeAsync(events[3].Id, "order-saga.StockReleased", events[3].Event, CancellationToken.None)) // the same delivery twice
            .ToList();
        var poison = Steps.ConsumeAsync(Guid.NewGuid(), "order-saga.StockReleased", Released(unknownOrder), CancellationToken.None);

        var answers = await Task.WhenAll(good);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => poison);

        Assert.Contains(unknownOrder.ToString(System.Globalization.CultureInfo.InvariantCulture), failure.Message, StringComparison.Ordinal);
        Assert.Equal(orders.Count, answers.Count(applied => applied)); // the duplicate was applied once, not twice
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        Assert.Equal(orders.Count, await db.Orders.CountAsync(o => orders.Contains(o.Id) && o.StockReturned));
        var inboxRows = await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM inbox_messages WHERE consumer = 'order-saga.StockReleased' AND message_id = ANY({events.Select(e => e.Id).ToArray()})").SingleAsync();
        Assert.Equal(orders.Count, inboxRows);
    }

    [Fact]
    public async Task A_redelivered_batch_changes_nothing_and_sends_nothing_again()
    {
        var orders = await CreateOrdersAsync(10);
        var items = orders.Select(id => new InboxItem<SagaEvent>(Guid.NewGuid(), "order-saga.StockReleased", Released(id))).ToList();

        var first = await Steps.ApplyAsync(items, CancellationToken.None);
        var again = await Steps.ApplyAsync(items, CancellationToken.None);

        Assert.Equal(items.Count, first.Count);
        Assert.Empty(again);
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        Assert.Equal(orders.Count, await db.Orders.CountAsync(o => orders.Contains(o.Id) && o.StockReturned));
        foreach (var orderId in orders)
        {
            Assert.Equal(["CommitStock", "OrdersAwaitingPayment", "OrdersAwaitingPayment"], await fixture.CommandsForAsync(orderId)); // StockReleased sends nothing, once or twice
        }
    }

    private async Task<List<long>> CreateOrdersAsync(int count)
    {
        var reservations = Enumerable.Range(0, count).Select(_ => Reservation()).ToList();
        await Task.WhenAll(reservations.Select(r => Creation.ConsumeAsync(Guid.NewGuid(), "PurchaseReservedConsumer", r, CancellationToken.None)));
        return reservations.Select(r => r.OrderId).ToList();
    }

    private static PurchaseReserved Reservation()
    {
        var orderId = Random.Shared.NextInt64(1L << 40, 1L << 50);
        return new PurchaseReserved(orderId, 7, $"u-{orderId}", 1, 10m, DateTimeOffset.UtcNow.AddHours(1)); // far from any deadline
    }


    private static SagaEvent Released(long orderId) =>
        new(orderId, nameof(StockReleased), (order, _) => OrderSaga.On(order, new StockReleased(orderId, 7, 1)));
}

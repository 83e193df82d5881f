using System.Globalization;
using System.Text.Json;
using FlashSale.Contracts;
using FlashSale.Contracts.Purchases;
using FlashSale.Contracts.Stock;
using FlashSale.Messaging.Bundles;
using FlashSale.Messaging.Inbox;
using FlashSale.Order.Data;
using FlashSale.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Order.Tests.Saga;

/// <summary>
/// Saga messages bundled on the broker (shared/FlashSale.Messaging/Bundles/) on real PostgreSQL and RabbitMQ: the relay
/// sends rows of one type for one queue as one bundle, each with the MessageId it would have had alone, and a bundle is
/// applied exactly as its messages one by one — a duplicate inside it, a poison message inside it and a redelivered
/// bundle each included.
/// </summary>
public sealed class SagaBundleTests(SagaFixture fixture) : IClassFixture<SagaFixture>
{
    private InboxBatcher<OrderDbContext, PurchaseReserved> Creation => fixture.Factory.Services.GetRequiredService<InboxBatcher<OrderDbContext, PurchaseReserved>>();

    [Fact]
    public async Task Commands_of_one_type_for_one_queue_committed_together_leave_as_one_bundle_each_message_with_its_own_id()
    {
        var orders = await CreateOrdersAsync(30);

        // Inventory is not running here: what the relay sent waits in its queue (with the other tests' commands).
        var ours = orders.ToHashSet();
        var commits = new List<(Guid MessageId, long OrderId)>();
        var bundles = 0;
        await Eventually.HoldsAsync(async () =>
        {
            foreach (var envelope in await fixture.Scope.TakeMessagesAsync(ServiceQueues.InventoryStock, 200))
            {
                var message = envelope.GetProperty("message");
                if (message.TryGetProperty("messages", out var bundled))
                {
                    var inBundle = bundled.EnumerateArray().Select(m => (m.GetProperty("messageId").GetGuid(), m.GetProperty("body").GetProperty("orderId").GetInt64()))
                        .Where(m => ours.Contains(m.Item2)).ToList();
                    bundles += inBundle.Count > 0 && message.GetProperty("messageType").GetString() == typeof(CommitStock).FullName ? 1 : 0;
                    commits.AddRange(inBundle);
                }
                else if (ours.Contains(message.GetProperty("orderId").GetInt64()))
                {
                    commits.Add((envelope.GetProperty("messageId").GetGuid(), message.GetProperty("orderId").GetInt64()));
                }
            }

            return commits.Count;
        }, count => count >= orders.Count, "every order's CommitStock in inventory's queue");

        Assert.Equal(orders.Order(), commits.Select(c => c.OrderId).Order());
        Assert.Equal(commits.Count, commits.Select(c => c.MessageId).Distinct().Count());
        Assert.InRange(bundles, 1, orders.Count / 2);
    }

    [Fact]
    public async Task A_bundle_applies_each_message_once_with_a_duplicate_inside_and_changes_nothing_when_delivered_again()
    {
        var orders = await CreateOrdersAsync(10);
        var items = orders.Select(id => Item(new StockReleased(id, 7, 1))).ToList();
        var bundle = Bundle<StockReleased>([.. items, items[3]]);

        await fixture.Consumed.WaitUntilHandledAsync(await fixture.SendAsync(bundle, ServiceQueues.OrderSagaAddress));
        foreach (var orderId in orders)
        {
            await fixture.WaitForOrderAsync(orderId, o => o.StockReturned);
        }

        Assert.Equal(orders.Count, await InboxRowsAsync(items));

        // The same messages again (a redelivery, or a relay re-sending them after a crash, bundled otherwise).
        await fixture.Consumed.WaitUntilHandledAsync(await fixture.SendAsync(Bundle<StockReleased>([.. items.Skip(5), .. items.Take(5)]), ServiceQueues.OrderSagaAddress));

        Assert.Equal(orders.Count, await InboxRowsAsync(items));
        foreach (var orderId in orders)
        {
            Assert.Equal(["CommitStock", "OrdersAwaitingPayment", "OrdersAwaitingPayment"], await fixture.CommandsForAsync(orderId));
        }
    }

    [Fact]
    public async Task A_poison_message_in_a_bundle_ends_in_the_error_queue_alone_and_the_rest_of_the_bundle_is_applied()
    {
        var orders = await CreateOrdersAsync(5);
        var poison = Item(new StockReleased(Random.Shared.NextInt64(1L << 51, 1L << 52), 7, 1)); // no such order
        var bundleId = await fixture.SendAsync(Bundle<StockReleased>([.. orders.Select(id => Item(new StockReleased(id, 7, 1))), poison]), ServiceQueues.OrderSagaAddress);

        await fixture.Consumed.WaitUntilHandledAsync(bundleId);
        foreach (var orderId in orders)
        {
            await fixture.WaitForOrderAsync(orderId, o => o.StockReturned);
        }

        await fixture.Consumed.WaitUntilFaultedAsync(poison.MessageId, TimeSpan.FromSeconds(60));
        var dead = await Eventually.HoldsAsync(() => fixture.Scope.TakeMessagesAsync("order-saga_error", 10), messages => messages.Count > 0,
            "the poison message in order-saga_error", TimeSpan.FromSeconds(60));
        var alone = Assert.Single(dead);
        Assert.Equal(poison.MessageId, alone.GetProperty("messageId").GetGuid());
        Assert.Equal("urn:message:FlashSale.Contracts.Stock:StockReleased", alone.GetProperty("messageType")[0].GetString());
        Assert.Equal(0, fixture.Consumed.Faulted(bundleId));
    }

    private static BundledMessage Item(object message) =>
        new(Guid.NewGuid(), JsonSerializer.SerializeToElement(message, message.GetType(), JsonSerializerOptions.Web), TraceParent: null);

    private static MessageBundle Bundle<T>(IReadOnlyList<BundledMessage> items) => new(typeof(T).FullName!, items);

    private async Task<int> InboxRowsAsync(IEnumerable<BundledMessage> items)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        var ids = items.Select(i => i.MessageId).Distinct().ToArray();
        return await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM inbox_messages WHERE consumer = 'StockReleased' AND message_id = ANY({ids})").SingleAsync();
    }

    private async Task<List<long>> CreateOrdersAsync(int count)
    {
        var reservations = Enumerable.Range(0, count).Select(_ =>
        {
            var orderId = Random.Shared.NextInt64(1L << 40, 1L << 50);
            return new PurchaseReserved(orderId, 7, string.Create(CultureInfo.InvariantCulture, $"u-{orderId}"), 1, 10m, DateTimeOffset.UtcNow.AddHours(1));
        }).ToList();
        await Task.WhenAll(reservations.Select(r => Creation.ConsumeAsync(Guid.NewGuid(), "PurchaseReservedConsumer", r, CancellationToken.None)));
        return reservations.Select(r => r.OrderId).ToList();
    }
}

using FlashSale.Messaging.Outbox;
using FlashSale.Order.Data;
using FlashSale.Order.Deadlines;
using FlashSale.Order.Orders;
using FlashSale.Order.Tests.Saga;
using FlashSale.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Order.Tests.Deadlines;

public sealed class PaymentDeadlineSweeperTests(SagaFixture fixture) : IClassFixture<SagaFixture>
{
    [Fact]
    public async Task Sweepers_running_side_by_side_cancel_each_overdue_order_exactly_once()
    {
        var now = DateTimeOffset.UtcNow;
        var baseId = Random.Shared.NextInt64(1L << 40, 1L << 50);
        var overdue = Enumerable.Range(0, 300).Select(i => NewOrder(baseId + i, now.AddMinutes(-1))).ToList();
        var notYet = NewOrder(baseId + 1000, now.AddHours(1));
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
            db.Orders.AddRange(overdue.Append(notYet));
            await db.SaveChangesAsync();
        }

        // The host's own sweeper runs too: five sweepers in all, as five replicas would.
        var sweeper = fixture.Factory.Services.GetRequiredService<PaymentDeadlineSweeper>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (await sweeper.SweepOnceAsync(CancellationToken.None) > 0)
            {
            }
        })));

        await using var check = fixture.Factory.Services.CreateAsyncScope();
        var orders = check.ServiceProvider.GetRequiredService<OrderDbContext>();
        var ids = overdue.Select(o => o.Id).ToList();
        // Every test sweeper stopped when it found nothing left to claim; the host's own may still hold its last batch.
        var cancelled = await Eventually.HoldsAsync(() => orders.Orders.CountAsync(o => ids.Contains(o.Id) && o.Status == OrderStatus.Cancelled),
            count => count == 300, "all 300 overdue orders cancelled");
        Assert.Equal(300, cancelled);
        Assert.Equal(OrderStatus.AwaitingPayment, (await orders.Orders.SingleAsync(o => o.Id == notYet.Id)).Status);
        var releases = await orders.Set<OutboxMessage>().Where(m => m.MessageType.Contains("ReleaseStock")).Select(m => m.Body).ToListAsync();
        foreach (var id in ids)
        {
            Assert.Single(releases, body => body.Contains($"\"orderId\":{id},", StringComparison.Ordinal));
        }
    }

    private static PurchaseOrder NewOrder(long id, DateTimeOffset deadline) => new()
    {
        Id = id,
        SaleId = 8,
        UserId = $"u-{id}",
        Quantity = 1,
        Amount = 3m,
        Status = OrderStatus.AwaitingPayment,
        CreatedAt = deadline.AddMinutes(-15),
        UpdatedAt = deadline.AddMinutes(-15),
        PaymentDeadline = deadline,
    };
}

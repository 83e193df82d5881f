using FlashSale.Messaging.Outbox;
using FlashSale.Order.Data;
using FlashSale.Order.Orders;
using FlashSale.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Order.Tests.Saga;

/// <summary>
/// The order service on real PostgreSQL and RabbitMQ with a short payment window. The test plays the
/// other participants: it sends their replies to the order-saga queue and reads the commands the saga
/// wrote to its outbox.
/// </summary>
public sealed class SagaFixture() : ServiceFixture<Program>("order")
{
    public static readonly TimeSpan PaymentWindow = TimeSpan.FromSeconds(3);

    protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Services:inventory"] = "http://127.0.0.1:9", // never called by these tests
        ["Orders:PaymentWindow"] = PaymentWindow.ToString(),
        ["Orders:PaymentGrace"] = "00:00:02",
        ["Orders:SweepInterval"] = "00:00:00.200",
        ["Outbox:IdleDelay"] = "00:00:00.020",
    };

    public async Task SendAsync(object message, Uri queue, Guid? messageId = null)
    {
        var bus = Factory.Services.GetRequiredService<IBus>();
        var endpoint = await bus.GetSendEndpoint(queue);
        var id = messageId ?? NewId.NextGuid();
        await endpoint.Send(message, message.GetType(), Pipe.Execute<SendContext>(c => c.MessageId = id));
    }

    public async Task<PurchaseOrder> WaitForOrderAsync(long orderId, Func<PurchaseOrder, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        PurchaseOrder? order = null;
        while (DateTime.UtcNow < deadline)
        {
            await using var scope = Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
            order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId);
            if (order is not null && until(order))
            {
                return order;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Order {orderId} did not reach the expected state; last seen: {order?.Status.ToString() ?? "absent"}.");
    }

    /// <summary>The short type names of every command the saga wrote for one order, in order.</summary>
    public async Task<List<string>> CommandsForAsync(long orderId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        var marker = $"\"orderId\":{orderId}";
        var types = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Body.Contains(marker)).OrderBy(m => m.Id)
            .Select(m => m.MessageType).ToListAsync();
        return types.Select(t => t[(t.LastIndexOf('.', t.IndexOf(',', StringComparison.Ordinal)) + 1)..t.IndexOf(',', StringComparison.Ordinal)]).ToList();
    }

    public async Task<List<string>> SettlementsForAsync(long orderId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        var marker = $"\"orderId\":{orderId}";
        return await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Body.Contains(marker) && m.MessageType.Contains("PaymentSettled")).Select(m => m.Body).ToListAsync();
    }
}

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
/// other participants: it sends their replies to the order-saga queue, knows when each delivery has been
/// handled (<see cref="Consumed"/>) and reads the commands the saga wrote to its outbox.
/// </summary>
public sealed class SagaFixture() : ServiceFixture<Program>("order")
{
    public static readonly TimeSpan PaymentWindow = TimeSpan.FromSeconds(3);

    public ConsumedMessages Consumed { get; } = new();

    protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Services:inventory"] = "http://127.0.0.1:9", // never called by these tests
        ["Orders:PaymentWindow"] = PaymentWindow.ToString(),
        ["Orders:PaymentGrace"] = "00:00:02",
        ["Orders:SweepInterval"] = "00:00:00.200",
        ["Outbox:IdleDelay"] = "00:00:00.020",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddConsumeObserver(_ => Consumed);

    /// <summary>Sends as a participant would; returns the MessageId, to wait until it is handled.</summary>
    public async Task<Guid> SendAsync(object message, Uri queue, Guid? messageId = null)
    {
        var bus = Factory.Services.GetRequiredService<IBus>();
        var endpoint = await bus.GetSendEndpoint(queue);
        var id = messageId ?? NewId.NextGuid();
        await endpoint.Send(message, message.GetType(), Pipe.Execute<SendContext>(c => c.MessageId = id));
        return id;
    }

    public async Task<PurchaseOrder> WaitForOrderAsync(long orderId, Func<PurchaseOrder, bool> until, TimeSpan? timeout = null) =>
        (await Eventually.HoldsAsync(() => OrderAsync(orderId), order => order is not null && until(order),
            $"order {orderId} to reach the expected state", timeout))!;

    public async Task<PurchaseOrder?> OrderAsync(long orderId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        return await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId);
    }

    /// <summary>The short type names of every command the saga wrote for one order, in order.</summary>
    public async Task<List<string>> CommandsForAsync(long orderId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        var marker = $"\"orderId\":{orderId}";
        var types = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Body.Contains(marker)).OrderBy(m => m.Id)
            .Select(m => m.MessageType).ToListAsync();
        return types.Select(ShortName).ToList();
    }

    /// <summary>Each outbox row of the order, in order: its message type and how long it was held back (due time − written).</summary>
    public async Task<List<(string Type, TimeSpan HeldBack)>> HoldBacksForAsync(long orderId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        var marker = $"\"orderId\":{orderId}";
        var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Body.Contains(marker)).OrderBy(m => m.Id)
            .Select(m => new { m.MessageType, m.CreatedAt, m.NextAttemptAt, m.Attempts }).ToListAsync();
        return rows.Where(r => r.Attempts == 0).Select(r => (ShortName(r.MessageType), r.NextAttemptAt - r.CreatedAt)).ToList();
    }

    // "FlashSale.Contracts.Stock.CommitStock, FlashSale.Contracts, ..." -> "CommitStock"
    private static string ShortName(string assemblyQualifiedName)
    {
        var typeEnd = assemblyQualifiedName.IndexOf(',', StringComparison.Ordinal);
        return assemblyQualifiedName[(assemblyQualifiedName.LastIndexOf('.', typeEnd) + 1)..typeEnd];
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

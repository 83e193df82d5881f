using FlashSale.Contracts.Payments;
using FlashSale.Wallet.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Wallet.SagaOrders;

/// <summary>
/// Records the orders the saga created (one message per creation batch, on the wallet's queue): one INSERT for the
/// batch, each order once (a redelivery inserts nothing), so it needs no inbox.
/// </summary>
public sealed class OrdersAwaitingPaymentConsumer(WalletDbContext db, TimeProvider time) : IConsumer<OrdersAwaitingPayment>
{
    public Task Consume(ConsumeContext<OrdersAwaitingPayment> context) =>
        RecordAsync(db, context.Message, time.GetUtcNow(), context.CancellationToken);

    /// <summary>Also for announcements that came in a bundle (<see cref="Funds.FundsBundleConsumer"/>).</summary>
    public static async Task RecordAsync(WalletDbContext db, OrdersAwaitingPayment announced, DateTimeOffset now, CancellationToken ct)
    {
        var orders = announced.Orders;
        var ids = orders.Select(o => o.OrderId).ToArray();
        var users = orders.Select(o => o.UserId).ToArray();
        var amounts = orders.Select(o => o.Amount).ToArray();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO saga_orders (order_id, user_id, amount, announced_at)
            SELECT o, u, a, {now} FROM unnest({ids}, {users}, {amounts}) AS t(o, u, a)
            ON CONFLICT (order_id) DO NOTHING
            """, ct);
    }
}

/// <summary>Thrown for a freeze of an order not announced yet: retried (the announcement may be a moment behind), then wallet-funds_error.</summary>
public sealed class OrderNotAnnouncedException(long orderId)
    : Exception($"Order {orderId} was never announced by the order service: a freeze for it is not the saga's (or its announcement is late).");

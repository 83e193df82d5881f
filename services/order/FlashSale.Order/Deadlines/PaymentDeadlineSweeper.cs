using FlashSale.Order.Data;
using FlashSale.Order.Orders;
using FlashSale.Order.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlashSale.Order.Deadlines;

/// <summary>
/// Cancels orders whose payment deadline passed (支付超时自动解锁库存). Each pass claims a batch of due
/// orders with FOR UPDATE SKIP LOCKED, so several replicas sweep side by side without touching the same
/// order, and a saga step racing the sweeper on one order loses its optimistic check and re-reads.
/// </summary>
public sealed class PaymentDeadlineSweeper(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<OrderSagaOptions> options, OrderMetrics metrics, OrderChanges changes,
    ILogger<PaymentDeadlineSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var swept = 0;
            try
            {
                swept = await SweepOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Payment deadline sweep failed; due orders stay due and are swept next pass");
            }

            if (swept < options.Value.SweepBatchSize)
            {
                await Task.Delay(options.Value.SweepInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>One batch; returns how many orders were cancelled.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var grace = options.Value.PaymentGrace;
        var awaiting = nameof(OrderStatus.AwaitingPayment);
        var paying = nameof(OrderStatus.Paying);
        var due = await db.Orders.FromSqlInterpolated($"""
                SELECT *, xmin FROM orders
                WHERE (status = {awaiting} AND payment_deadline < {now})
                   OR (status = {paying} AND NOT payment_captured AND payment_deadline < {now - grace})
                ORDER BY payment_deadline LIMIT {options.Value.SweepBatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(ct);
        foreach (var order in due)
        {
            var before = order.Status;
            foreach (var command in OrderSaga.Expire(order, grace, now))
            {
                db.AddToOutbox(command, options.Value, now);
            }

            metrics.Moved(order, before, now);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        changes.Committed(due);
        return due.Count;
    }
}

using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.ServiceDefaults.Inbox;

public static class IdempotentConsumer
{
    /// <summary>
    /// Runs <paramref name="effect"/> once per (message id, consumer): the inbox row, the effect's changes
    /// and any outbox messages it adds commit in one transaction. A duplicate waits on the first one's
    /// row lock, then finds the row and is skipped (returns false). A failure rolls everything back,
    /// so the retry or the redelivery starts clean.
    /// </summary>
    public static async Task<bool> ConsumeOnceAsync<T>(this DbContext db, ConsumeContext<T> context, string consumer,
        TimeProvider time, Func<CancellationToken, Task> effect) where T : class
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"A {typeof(T).Name} without a MessageId cannot be deduplicated.");
        var ct = context.CancellationToken;
        db.ChangeTracker.Clear(); // a retry of the same scope must not re-save what the failed attempt tracked
        // Any failure rolls the whole transaction back, so SaveChanges needs no savepoint of its own (two round trips saved).
        db.Database.AutoSavepointsEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var recorded = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO inbox_messages (message_id, consumer, received_at) VALUES ({messageId}, {consumer}, {now})
            ON CONFLICT DO NOTHING
            """, ct);
        if (recorded == 0)
        {
            await tx.RollbackAsync(ct);
            return false;
        }

        await effect(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}

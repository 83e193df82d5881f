using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FlashSale.Messaging.Outbox;

/// <summary>
/// Tells <see cref="OutboxSignal"/> when outbox rows become visible to the relay: at the commit of the
/// transaction that saved them, or right after SaveChanges when it ran without one. A rolled-back
/// transaction signals nothing (its rows never existed).
/// </summary>
public sealed class OutboxCommitInterceptor(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // Contexts whose open transaction saved outbox rows, with the latest due time among them; pooled contexts are
    // reused, so the mark is cleared at the end.
    private readonly ConditionalWeakTable<DbContext, StrongBox<DateTimeOffset>> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mark(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyIfCommitted(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifyIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Notify(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Notify(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Mark(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        // Runs at every SaveChanges of every service: one pass over the tracked outbox rows, nothing allocated without them.
        DateTimeOffset? latest = null;
        foreach (var entry in context.ChangeTracker.Entries<OutboxMessage>())
        {
            if (entry.State == EntityState.Added && (latest is null || entry.Entity.NextAttemptAt > latest))
            {
                latest = entry.Entity.NextAttemptAt;
            }
        }

        if (latest is { } due)
        {
            var pending = _pending.GetOrCreateValue(context);
            if (due > pending.Value)
            {
                pending.Value = due;
            }
        }
    }

    private void NotifyIfCommitted(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            Notify(context);
        }
    }

    private void Notify(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var due) && _pending.Remove(context))
        {
            signal.Notify(context.GetType(), due.Value);
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}

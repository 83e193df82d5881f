using System.Collections.Concurrent;
using FlashSale.BuildingBlocks.Signals;

namespace FlashSale.Messaging.Outbox;

/// <summary>
/// Wakes a context's outbox relay as soon as a transaction that wrote outbox rows commits, so a saga hop
/// costs a commit and a send rather than a polling interval. The relay still polls (rows of other replicas,
/// retries coming due), only rarely. Signals coalesce: many commits during one relay pass wake it once more.
/// Rows held back to a later due time (<see cref="OutboxExtensions.AddToOutbox"/>) wake it again when they come due.
/// </summary>
public sealed class OutboxSignal(TimeProvider? time = null) : IDisposable
{
    private readonly ConcurrentDictionary<Type, WakeUpSignal> _wakeUps = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public void Notify(Type contextType) => WakeUpOf(contextType).Notify();

    /// <summary>Wakes the relay now, and again at <paramref name="due"/> when that is later.</summary>
    public void Notify(Type contextType, DateTimeOffset due)
    {
        Notify(contextType);
        var wait = due - _time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            _ = Task.Delay(wait, _time).ContinueWith(_ => NotifyUnlessDisposed(contextType), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    // A wake-up scheduled for a due time may fire after the host stopped: nobody is left to wake.
    private void NotifyUnlessDisposed(Type contextType)
    {
        try
        {
            Notify(contextType);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>True when woken, false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitAsync(Type contextType, TimeSpan timeout, CancellationToken ct) => WakeUpOf(contextType).WaitAsync(timeout, ct);

    public void Dispose()
    {
        foreach (var wakeUp in _wakeUps.Values)
        {
            wakeUp.Dispose();
        }
    }

    private WakeUpSignal WakeUpOf(Type contextType) => _wakeUps.GetOrAdd(contextType, _ => new WakeUpSignal());
}

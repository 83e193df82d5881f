using System.Collections.Concurrent;

namespace FlashSale.ServiceDefaults.Outbox;

/// <summary>
/// Wakes a context's outbox relay as soon as a transaction that wrote outbox rows commits, so a saga hop
/// costs a commit and a send rather than a polling interval. The relay still polls (rows of other replicas,
/// retries coming due), only rarely. Signals coalesce: many commits during one relay pass wake it once more.
/// </summary>
public sealed class OutboxSignal
{
    private readonly ConcurrentDictionary<Type, SemaphoreSlim> _wakeUps = new();

    public void Notify(Type contextType)
    {
        var wakeUp = WakeUpOf(contextType);
        if (wakeUp.CurrentCount == 0)
        {
            try
            {
                wakeUp.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit woke the relay in between: one wake-up is enough.
            }
        }
    }

    /// <summary>True when woken, false when <paramref name="timeout"/> passed first.</summary>
    public Task<bool> WaitAsync(Type contextType, TimeSpan timeout, CancellationToken ct) => WakeUpOf(contextType).WaitAsync(timeout, ct);

    private SemaphoreSlim WakeUpOf(Type contextType) => _wakeUps.GetOrAdd(contextType, _ => new SemaphoreSlim(0, 1));
}

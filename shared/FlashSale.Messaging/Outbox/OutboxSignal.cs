using System.Collections.Concurrent;
using FlashSale.BuildingBlocks.Signals;

namespace FlashSale.Messaging.Outbox;

/// <summary>
/// Wakes a context's outbox relay as soon as a transaction that wrote outbox rows commits, so a saga hop
/// costs a commit and a send rather than a polling interval. The relay still polls (rows of other replicas,
/// retries coming due), only rarely. Signals coalesce: many commits during one relay pass wake it once more.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly ConcurrentDictionary<Type, WakeUpSignal> _wakeUps = new();

    public void Notify(Type contextType) => WakeUpOf(contextType).Notify();

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

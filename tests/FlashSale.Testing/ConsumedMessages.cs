using System.Collections.Concurrent;
using MassTransit;

namespace FlashSale.Testing;

/// <summary>
/// Counts the deliveries a service's consumers finished, per MessageId: handled (skipped duplicates included)
/// and faulted. "Handled" is the positive signal that a message, and so any effect it could have had, is
/// behind us: a test about what a duplicate must NOT do waits for the duplicate to be handled, never for a while.
/// Register with <c>services.AddConsumeObserver(_ => consumed)</c> or <c>bus.ConnectConsumeObserver(consumed)</c>.
/// </summary>
public sealed class ConsumedMessages : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, int> _handled = new();
    private readonly ConcurrentDictionary<Guid, int> _faulted = new();

    public int Handled(Guid messageId) => _handled.GetValueOrDefault(messageId);

    public int Faulted(Guid messageId) => _faulted.GetValueOrDefault(messageId);

    public Task WaitUntilHandledAsync(Guid messageId, int times = 1, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(() => Task.FromResult(Handled(messageId)), n => n >= times,
            $"message {messageId} handled {times}x (faulted {Faulted(messageId)}x)", timeout);

    /// <summary>Each id handled at least once, or as often as it appears in <paramref name="messageIds"/> (a redelivery is listed twice).</summary>
    public Task WaitUntilHandledAsync(IEnumerable<Guid> messageIds, TimeSpan? timeout = null) =>
        Task.WhenAll(messageIds.GroupBy(id => id).Select(g => WaitUntilHandledAsync(g.Key, g.Count(), timeout)));

    public Task WaitUntilFaultedAsync(Guid messageId, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(() => Task.FromResult(Faulted(messageId)), n => n > 0, $"message {messageId} faulted", timeout);

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Count(_handled, context);

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Count(_faulted, context);

    private static Task Count(ConcurrentDictionary<Guid, int> counts, ConsumeContext context)
    {
        if (context.MessageId is { } id)
        {
            counts.AddOrUpdate(id, 1, (_, n) => n + 1);
        }

        return Task.CompletedTask;
    }
}

using System.Collections.Concurrent;
using MassTransit;

namespace FlashSale.Payment.Tests;

/// <summary>
/// Counts deliveries handled by the service's consumers per MessageId (skipped duplicates included), so a
/// test can wait until a message was handled N times instead of guessing with delays.
/// </summary>
public sealed class ConsumedMessages : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, int> _handled = new();
    private readonly ConcurrentDictionary<Guid, int> _faulted = new();

    public int Handled(Guid messageId) => _handled.GetValueOrDefault(messageId);

    public int Faulted(Guid messageId) => _faulted.GetValueOrDefault(messageId);

    public Task WaitUntilHandledAsync(Guid messageId, int times = 1) =>
        PaymentServiceFixture.EventuallyAsync(() => Task.FromResult(Handled(messageId) >= times), $"message {messageId} handled {times}x");

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

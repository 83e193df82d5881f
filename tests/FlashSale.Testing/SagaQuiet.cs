namespace FlashSale.Testing;

/// <summary>
/// "The saga is quiet": nothing any service decided is still on its way. Every outbox of the given services
/// has been sent, and no queue holds a message, ready or being handled. A test waits for it before checking
/// final state that a late or duplicated message could still change (a second charge, a second release).
/// The queue depths are RabbitMQ management statistics, sampled every few seconds: the outboxes are exact, the
/// queues may read empty a moment too early, so this settles a whole system and does not replace a message's own
/// "handled" signal (<see cref="ConsumedMessages"/>, an inbox row) where one is at hand.
/// </summary>
public static class SagaQuiet
{
    /// <summary>Dead-letter queues keep what failed for operators: nothing in them is on its way anywhere.</summary>
    private static readonly string[] DeadLetterSuffixes = ["_error", "_skipped"];

    /// <summary>
    /// Waits until the outboxes of <paramref name="services"/> are sent and <paramref name="queues"/> are empty:
    /// without <paramref name="queues"/>, every queue of the scope's vhost except the dead-letter ones; with an
    /// empty list, none (for a test whose messages pile up, by design, in queues nobody consumes).
    /// </summary>
    public static Task WaitAsync(TestScope scope, IEnumerable<string> services, IEnumerable<string>? queues = null, TimeSpan? timeout = null)
    {
        var databases = services.ToList();
        var watched = queues?.ToHashSet();
        return Eventually.HoldsAsync(() => BacklogAsync(scope, databases, watched), backlog => backlog.Count == 0,
            $"the saga to be quiet (outboxes of {string.Join(", ", databases)} sent, queues empty)", timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>What is still on its way, e.g. "order outbox: 2 unsent", "order-saga: 3 queued"; empty when quiet.</summary>
    public static async Task<List<string>> BacklogAsync(TestScope scope, IReadOnlyList<string> services, IReadOnlySet<string>? queues)
    {
        var backlog = new List<string>();
        foreach (var service in services)
        {
            if (await scope.UnsentOutboxAsync(service) is var unsent and > 0)
            {
                backlog.Add($"{service} outbox: {unsent} unsent");
            }
        }

        if (queues is { Count: 0 })
        {
            return backlog;
        }

        foreach (var (queue, depth) in await scope.QueueDepthsAsync())
        {
            var watched = queues?.Contains(queue) ?? !DeadLetterSuffixes.Any(s => queue.EndsWith(s, StringComparison.Ordinal));
            if (watched && depth > 0)
            {
                backlog.Add($"{queue}: {depth} queued");
            }
        }

        return backlog;
    }
}

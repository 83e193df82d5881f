using MassTransit;

namespace FlashSale.Messaging.Bus;

/// <summary>
/// The one retry policy of every consumer that changes a store. Transient failures (a lost connection, a
/// serialization or optimistic-concurrency conflict with a concurrent batch) are retried quickly and a few
/// times; what still fails lands in the queue's _error queue for operators. Never acked before handled: a
/// message is acknowledged only after its transaction committed.
/// </summary>
public static class MessageRetry
{
    /// <summary>
    /// The policy, with the exceptions that mean "this message will fail the same way every time" (a command
    /// the service refuses by contract), which go to the _error queue at once instead of being retried.
    /// </summary>
    public static void UseStoreRetry(this IConsumePipeConfigurator pipe, params Type[] permanentFailures) =>
        pipe.UseMessageRetry(retry => Configure(retry, permanentFailures));

    public static void UseStoreRetry<TConsumer>(this IConsumerConfigurator<TConsumer> consumer, params Type[] permanentFailures)
        where TConsumer : class =>
        consumer.UseMessageRetry(retry => Configure(retry, permanentFailures));

    private static void Configure(IRetryConfigurator retry, Type[] permanentFailures)
    {
        retry.Exponential(8, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
        if (permanentFailures.Length > 0)
        {
            retry.Ignore(permanentFailures);
        }
    }
}

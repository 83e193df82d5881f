using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FlashSale.Messaging.Inbox;

/// <summary>Which rows a message touches, as a number: messages with the same key always go to the same worker.</summary>
public sealed record InboxPartitioning<T>(Func<T, long> KeyOf);

public static class InboxBatchingRegistration
{
    /// <summary>Deliveries a batched consumer's endpoint keeps in flight: enough for full batches, bounded so a backlog waits in RabbitMQ.</summary>
    public const int Prefetch = 128;

    /// <summary>Lets the endpoint hand <see cref="Prefetch"/> deliveries to its consumers at once, for their batcher to group.</summary>
    public static void PrefetchForBatching(this MassTransit.IReceiveEndpointConfigurator endpoint)
    {
        endpoint.PrefetchCount = Prefetch;
        endpoint.ConcurrentMessageLimit = Prefetch;
        // Bundles are sent to this queue by name, never published: no exchange binding, or every saga queue would get them.
        endpoint.ConfigureMessageTopology<Bundles.MessageBundle>(false);
    }

    /// <summary>
    /// A batcher for <typeparamref name="T"/> on <typeparamref name="TContext"/>'s inbox, its handler (scoped),
    /// and the key that keeps messages about the same rows on one worker.
    /// </summary>
    public static IServiceCollection AddInboxBatching<TContext, T, THandler>(this IServiceCollection services, Func<T, long> partitionKey)
        where TContext : DbContext where THandler : class, IInboxBatchHandler<T>
    {
        services.AddOptions<InboxBatchingOptions>().BindConfiguration(InboxBatchingOptions.Section);
        services.TryAddSingleton<InboxMetrics>();
        services.AddSingleton(new InboxPartitioning<T>(partitionKey));
        services.AddSingleton<InboxBatcher<TContext, T>>();
        services.AddScoped<IInboxBatchHandler<T>, THandler>();
        return services;
    }
}

using FlashSale.Messaging.Bus;
using FlashSale.Messaging.Data;
using FlashSale.Messaging.Inbox;
using FlashSale.Messaging.Outbox;
using MassTransit;
using Microsoft.Extensions.Hosting;

namespace FlashSale.Messaging;

public static class ServiceStoreExtensions
{
    /// <summary>
    /// A service's own PostgreSQL database and its place on the bus, wired the one way every service uses them:
    /// the store (with readiness check and migrations), MassTransit with <paramref name="consumers"/>, the outbox
    /// relay that publishes what a transaction wrote, and the cleanup of the inbox that deduplicates deliveries.
    /// </summary>
    public static IHostApplicationBuilder AddServiceStore<TContext>(this IHostApplicationBuilder builder, string defaultDatabase,
        Action<IBusRegistrationConfigurator> consumers) where TContext : ServiceDbContext
    {
        builder.AddServiceDatabase<TContext>(defaultDatabase);
        builder.AddServiceMessaging(consumers);
        builder.AddOutboxRelay<TContext>();
        builder.AddInboxCleanup<TContext>();
        return builder;
    }
}

using FlashSale.Messaging.Inbox;
using MassTransit;

namespace FlashSale.Messaging.Bundles;

/// <summary>
/// A bundle consumer on a saga queue whose single-message consumers configure the endpoint's retry endpoint-wide (set
/// once, by their definition): this one only joins the queue and prefetches deep enough for the batcher.
/// </summary>
public abstract class MessageBundleConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    protected MessageBundleConsumerDefinition(string queue) => EndpointName = queue;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.PrefetchForBatching();
}

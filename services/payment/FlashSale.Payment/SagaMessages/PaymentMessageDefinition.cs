using FlashSale.Contracts;
using FlashSale.Messaging.Bus;
using FlashSale.Messaging.Inbox;
using MassTransit;

namespace FlashSale.Payment.SagaMessages;

/// <summary>
/// The saga's messages to the payment service share its one queue, prefetched deep enough for the batcher to group
/// them (<see cref="PaymentMessageBatch"/>). Bounded retries, then payment-provider_error for operators; never acked
/// before handling. An outcome outside the contract cannot get better by retrying.
/// </summary>
public abstract class PaymentMessageDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    protected PaymentMessageDefinition() => EndpointName = ServiceQueues.PaymentProvider;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.PrefetchForBatching();
        consumerConfigurator.UseStoreRetry(typeof(UnknownPaymentOutcomeException));
    }
}

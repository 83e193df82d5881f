using MassTransit;

namespace FlashSale.Messaging.Bus;

/// <summary>
/// Fault injection (<see cref="RabbitMqOptions.DuplicateDeliveries"/>): before a message is handled, a copy
/// with the same MessageId goes back to the queue it came from, as a broker redelivery or a relay re-send
/// would produce. The copy is marked, so it is not copied again.
/// </summary>
public sealed class DuplicateDeliveryFilter<T> : IFilter<ConsumeContext<T>> where T : class
{
    private const string CopyHeader = "FlashSale-Duplicate";

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (!context.Headers.TryGetHeader(CopyHeader, out _) && context.ReceiveContext.InputAddress is { } queue)
        {
            var endpoint = await context.GetSendEndpoint(queue);
            var messageId = context.MessageId;
            await endpoint.Send(context.Message, copy =>
            {
                copy.MessageId = messageId;
                copy.Headers.Set(CopyHeader, true);
            }, context.CancellationToken);
        }

        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("duplicate-delivery");
}

using System.Collections.Concurrent;
using System.Text.Json;
using FlashSale.Messaging.Inbox;
using FlashSale.Messaging.Tracing;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Messaging.Bundles;

/// <summary>
/// Unpacks a <see cref="MessageBundle"/> into the service's inbox batcher: each message with its own MessageId as inbox
/// key (a duplicate, inside the bundle or from an earlier delivery, is dropped as if it had come alone), its own trace,
/// and the payload the service's single-message consumer would make of it. The bundle is acknowledged only after every
/// message was applied or handed back: a message that fails goes back to this queue alone, with its own MessageId, and
/// from there is retried and ends in the _error queue by itself, exactly as without bundling. A bundle redelivered after
/// a crash finds the inbox rows of what it had applied and changes nothing twice.
/// </summary>
public abstract class MessageBundleConsumer<TContext, T>(InboxBatcher<TContext, T> batcher) : IConsumer<MessageBundle>
    where TContext : DbContext
{
    // Per consumer class, read once: the types it accepts, by the name a bundle gives.
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Type>> AcceptedBy = new();

    /// <summary>The message types this service takes in bundles (those its single-message consumers on this queue take); read once per class.</summary>
    protected abstract IReadOnlyCollection<Type> Accepts { get; }

    /// <summary>Every message type the given consumer classes take (their <c>IConsumer&lt;T&gt;</c>): the one list for both ways in.</summary>
    protected static IReadOnlyCollection<Type> ConsumedBy(params Type[] consumers) =>
        consumers.SelectMany(consumer => consumer.GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .Select(i => i.GetGenericArguments()[0]).Distinct().ToList();

    /// <summary>What the single-message consumer hands the batcher for <paramref name="message"/>; throws for a message it would refuse.</summary>
    protected abstract T PayloadOf(object message);

    public async Task Consume(ConsumeContext<MessageBundle> context)
    {
        var accepted = AcceptedBy.GetOrAdd(GetType(), _ => Accepts.ToDictionary(type => type.FullName!, StringComparer.Ordinal));
        var bundle = context.Message;
        if (!accepted.TryGetValue(bundle.MessageType, out var type))
        {
            throw new NotSupportedException($"A bundle of {bundle.MessageType} reached {context.ReceiveContext.InputAddress}, which takes none.");
        }

        var outcomes = await Task.WhenAll(bundle.Messages.Select(item => ApplyAsync(item, type, context.CancellationToken)));
        var handBack = outcomes.OfType<HandBack>().ToList();
        if (handBack.Count == 0)
        {
            return;
        }

        var queue = await context.GetSendEndpoint(context.ReceiveContext.InputAddress!);
        foreach (var (item, message) in handBack)
        {
            // The send continues the message's own trace, as its relay send would have.
            using var activity = MessageTracing.Source.StartActivity($"bundle hand-back {type.Name}", System.Diagnostics.ActivityKind.Internal,
                MessageTracing.ContextOf(item.TraceParent));
            await queue.Send(message, type, Pipe.Execute<SendContext>(send => send.MessageId = item.MessageId), context.CancellationToken);
        }
    }

    private async Task<HandBack?> ApplyAsync(BundledMessage item, Type type, CancellationToken ct)
    {
        object? message = null;
        try
        {
            message = item.Body.Deserialize(type, JsonSerializerOptions.Web)
                ?? throw new JsonException($"A bundled {type.Name} ({item.MessageId}) has an empty body.");
            await ApplyAsync(item, message, ct);
            return null;
        }
        catch (Exception) when (!ct.IsCancellationRequested && message is not null)
        {
            return new HandBack(item, message);
        }
    }

    /// <summary>One message, as its single-message consumer would apply it: through the batcher, unless a service says otherwise.</summary>
    protected virtual Task ApplyAsync(BundledMessage item, object message, CancellationToken ct) =>
        batcher.ConsumeAsync(item.MessageId, InboxKeys.ConsumerOf(message.GetType()), PayloadOf(message), MessageTracing.OrderIdOf(message),
            MessageTracing.ContextOf(item.TraceParent), ct);

    private sealed record HandBack(BundledMessage Item, object Message);
}

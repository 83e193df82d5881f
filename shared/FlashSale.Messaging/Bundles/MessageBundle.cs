using System.Text.Json;

namespace FlashSale.Messaging.Bundles;

/// <summary>
/// Several outbox messages of one type for one service queue, as one broker message: a relay pass holding more than one
/// row of a type for a queue sends them together (<see cref="Outbox.OutboxRelay{TContext}"/>), so a busy saga pays the
/// broker's publish, confirm, delivery and ack once per bundle instead of once per order. Each message keeps its own
/// MessageId (its inbox key) and trace; the receiving service applies each exactly as if it had come alone
/// (<see cref="MessageBundleConsumer{TContext,T}"/>).
/// </summary>
/// <param name="MessageType">The full name of the messages' CLR type (no assembly): the receiver only accepts the types it declares.</param>
public sealed record MessageBundle(string MessageType, IReadOnlyList<BundledMessage> Messages);

/// <summary>One message of a <see cref="MessageBundle"/>: the MessageId it would have had alone, its JSON body, its W3C traceparent.</summary>
public sealed record BundledMessage(Guid MessageId, JsonElement Body, string? TraceParent);

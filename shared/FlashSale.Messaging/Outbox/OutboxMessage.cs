namespace FlashSale.Messaging.Outbox;

/// <summary>
/// A message written in the same database transaction as the state change it announces (本地消息表),
/// sent to RabbitMQ later by <see cref="OutboxRelay{TContext}"/>.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>Assembly-qualified CLR type of the message.</summary>
    public required string MessageType { get; set; }

    public required string Body { get; set; }

    /// <summary>A queue address (queue:name) to send to, or null to publish.</summary>
    public string? Destination { get; set; }

    /// <summary>W3C traceparent of the transaction that wrote the message, so the trace continues through the relay.</summary>
    public string? TraceParent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

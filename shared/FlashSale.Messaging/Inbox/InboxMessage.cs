namespace FlashSale.Messaging.Inbox;

/// <summary>
/// "This consumer has handled this message": written in the same transaction as the consumer's effect,
/// so a redelivered or duplicated message finds its row and has no second effect.
/// </summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }
    public required string Consumer { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

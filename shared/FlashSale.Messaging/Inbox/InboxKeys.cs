namespace FlashSale.Messaging.Inbox;

/// <summary>
/// The inbox's naming rule. A row is (message id, consumer); each service consumes a message type in exactly one
/// place, so the message type's name is the consumer part: the same in every service, readable in the table, and
/// stable when a consumer class is renamed.
/// </summary>
public static class InboxKeys
{
    public static string ConsumerOf<TMessage>() => ConsumerOf(typeof(TMessage));

    public static string ConsumerOf(Type messageType) => messageType.Name;
}

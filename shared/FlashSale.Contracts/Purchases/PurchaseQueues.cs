namespace FlashSale.Contracts.Purchases;

/// <summary>
/// Reservations are handed to the order service's own durable queue (sent, not published): the queue
/// is declared by the sender too, so nothing is dropped while the order service has never run.
/// </summary>
public static class PurchaseQueues
{
    public const string OrderPurchaseReserved = "order-purchase-reserved";

    public static readonly Uri OrderPurchaseReservedAddress = new($"queue:{OrderPurchaseReserved}");
}

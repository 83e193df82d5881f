namespace FlashSale.Wallet.SagaOrders;

/// <summary>
/// An order the order service announced as payable (<see cref="FlashSale.Contracts.Payments.OrdersAwaitingPayment"/>):
/// the wallet's own record of what the saga may ask it to freeze. A freeze must name this user and this amount.
/// </summary>
public sealed class SagaOrder
{
    public long OrderId { get; set; }

    public string UserId { get; set; } = "";

    public decimal Amount { get; set; }

    public DateTimeOffset AnnouncedAt { get; set; }
}

namespace FlashSale.Payment.Orders;

/// <summary>
/// An order the saga announced as awaiting payment (OrderAwaitingPayment): the payment service's own read model,
/// so accepting a payment needs no call to the order service. What happened to the order since is not here, and
/// need not be: a second payment is refused by the payments table, a late one by the deadline, and the saga
/// still decides every payment (a payment for an order cancelled meanwhile is refused there, before money moves).
/// </summary>
public sealed class PayableOrder
{
    public long OrderId { get; set; }
    public required string UserId { get; set; }
    public decimal Amount { get; set; }
    public DateTimeOffset PaymentDeadline { get; set; }
    public DateTimeOffset KnownAt { get; set; }

    /// <summary>Why this order cannot be paid now, or null when it can.</summary>
    public string? NotPayableBecause(DateTimeOffset now) =>
        PaymentDeadline <= now ? $"The payment deadline of order {OrderId} passed at {PaymentDeadline:O}; the order is being cancelled."
        : Amount <= 0 ? $"Order {OrderId} has nothing to pay."
        : null;
}

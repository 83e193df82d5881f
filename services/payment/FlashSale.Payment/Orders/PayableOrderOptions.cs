namespace FlashSale.Payment.Orders;

/// <summary>Bound from "Payments:Orders".</summary>
public sealed class PayableOrderOptions
{
    public const string Section = "Payments:Orders";

    /// <summary>
    /// How long a payment request for an order not known here yet waits for its OrderAwaitingPayment: the shopper
    /// learns "awaiting payment" from the order service the moment the order commits, a few milliseconds before
    /// the message arrives here. After the wait the order is treated as unknown (404).
    /// </summary>
    public TimeSpan ArrivalWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a waiting request reads again, for orders announced to another replica.</summary>
    public TimeSpan Recheck { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long past its deadline an order stays in the read model (nothing can pay it any more).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);
}

namespace FlashSale.Order.Saga;

/// <summary>Bound from "Orders".</summary>
public sealed class OrderSagaOptions
{
    public const string Section = "Orders";

    /// <summary>How long a shopper has to pay, counted from the reservation.</summary>
    public TimeSpan PaymentWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Extra time a payment already under way (funds being frozen or captured) gets past the deadline
    /// before the sweeper cancels it: every order ends by deadline + grace (I4).
    /// </summary>
    public TimeSpan PaymentGrace { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the saga's follow-ups (inventory's commit of a new order's hold; a paid order's Confirm in the wallet, stock
    /// marked sold and payment settled) wait in the outbox before they are sent. Nobody waits on them, so during a spike the CPU goes to the steps shoppers wait on
    /// first, and the follow-ups go later in larger bundles and batches. Zero: sent at once.
    /// </summary>
    public TimeSpan FollowUpDelay { get; set; } = TimeSpan.FromSeconds(1);

    public int SweepBatchSize { get; set; } = 200;
}

namespace FlashSale.Order.Saga;

/// <summary>
/// A message the saga sends as the result of a step; written to the outbox with the order's new state. A follow-up is
/// one nobody waits on (the outcome's bookkeeping after the order is paid): it is held back
/// <see cref="OrderSagaOptions.FollowUpDelay"/>, so the steps shoppers wait on go first.
/// </summary>
public sealed record SagaCommand(object Message, Uri Destination)
{
    public bool FollowUp { get; init; }
}

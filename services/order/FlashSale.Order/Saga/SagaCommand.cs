using FlashSale.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Order.Saga;

/// <summary>
/// A message the saga sends as the result of a step; written to the outbox with the order's new state. A follow-up only
/// records a decision already taken, and no step or shopper waits on it (inventory's durable copy of a new order's hold,
/// a paid order's Confirm, stock sale and settlement): it is held back <see cref="OrderSagaOptions.FollowUpDelay"/>, so
/// the steps shoppers wait on go first.
/// </summary>
public sealed record SagaCommand(object Message, Uri Destination)
{
    public bool FollowUp { get; init; }
}

public static class SagaCommandOutbox
{
    /// <summary>Writes <paramref name="command"/> to the outbox with the step's state; a follow-up comes due <see cref="OrderSagaOptions.FollowUpDelay"/> later.</summary>
    public static void AddToOutbox(this DbContext db, SagaCommand command, OrderSagaOptions options, DateTimeOffset now) =>
        db.AddToOutbox(command.Message, command.Destination, now, command.FollowUp ? options.FollowUpDelay : TimeSpan.Zero);
}

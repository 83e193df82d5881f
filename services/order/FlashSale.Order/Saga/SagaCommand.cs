namespace FlashSale.Order.Saga;

/// <summary>A message the saga sends as the result of a step; written to the outbox with the order's new state.</summary>
public sealed record SagaCommand(object Message, Uri Destination);

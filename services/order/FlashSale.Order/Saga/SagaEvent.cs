using FlashSale.Order.Orders;

namespace FlashSale.Order.Saga;

/// <summary>
/// A reply or request for one order's saga, as the batch step needs it: the order it concerns, the message's
/// name (for logs) and the pure decision of <see cref="OrderSaga"/> to apply to the order at a given time.
/// </summary>
public sealed record SagaEvent(long OrderId, string MessageName, Func<PurchaseOrder, DateTimeOffset, IReadOnlyList<SagaCommand>> Decide);

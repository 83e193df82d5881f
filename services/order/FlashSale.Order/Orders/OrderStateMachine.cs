using System.Collections.Frozen;

namespace FlashSale.Order.Orders;

/// <summary>
/// The order's states and the only moves between them, in one place. Paid and Cancelled are final:
/// nothing — a late payment, a redelivered reply, the deadline sweeper — ever moves an order out of them.
/// </summary>
public static class OrderStateMachine
{
    private static readonly FrozenDictionary<OrderStatus, OrderStatus[]> Allowed = new Dictionary<OrderStatus, OrderStatus[]>
    {
        // Cancelled at creation: a reservation that can never become a payable order (OrderSaga.Create).
        [OrderStatus.Pending] = [OrderStatus.AwaitingPayment, OrderStatus.Cancelled],
        [OrderStatus.AwaitingPayment] = [OrderStatus.Paying, OrderStatus.Cancelled],
        [OrderStatus.Paying] = [OrderStatus.Paid, OrderStatus.Cancelled],
        [OrderStatus.Paid] = [],
        [OrderStatus.Cancelled] = [],
    }.ToFrozenDictionary();

    public static bool CanMove(OrderStatus from, OrderStatus to) => Allowed[from].Contains(to);

    public static bool IsFinal(OrderStatus status) => Allowed[status].Length == 0;

    public static void MoveTo(this PurchaseOrder order, OrderStatus to, DateTimeOffset now)
    {
        if (!CanMove(order.Status, to))
        {
            throw new InvalidOperationException($"Order {order.Id} cannot move from {order.Status} to {to}.");
        }

        order.Status = to;
        order.UpdatedAt = now;
        if (IsFinal(to))
        {
            order.SettledAt = now;
        }
    }
}

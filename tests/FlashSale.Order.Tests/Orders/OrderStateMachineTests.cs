using FlashSale.Order.Orders;
using FlashSale.Order.Saga;

namespace FlashSale.Order.Tests.Orders;

public sealed class OrderStateMachineTests
{
    public static TheoryData<OrderStatus, OrderStatus> AllowedMoves => new()
    {
        { OrderStatus.Pending, OrderStatus.AwaitingPayment },
        { OrderStatus.Pending, OrderStatus.Cancelled },
        { OrderStatus.AwaitingPayment, OrderStatus.Paying },
        { OrderStatus.AwaitingPayment, OrderStatus.Cancelled },
        { OrderStatus.Paying, OrderStatus.Paid },
        { OrderStatus.Paying, OrderStatus.Cancelled },
    };

    [Fact]
    public void Exactly_the_listed_moves_are_allowed()
    {
        var allowed = AllowedMoves.Select(row => ((OrderStatus)row[0], (OrderStatus)row[1])).ToHashSet();
        foreach (var from in Enum.GetValues<OrderStatus>())
        {
            foreach (var to in Enum.GetValues<OrderStatus>())
            {
                Assert.Equal(allowed.Contains((from, to)), OrderStateMachine.CanMove(from, to));
            }
        }
    }

    [Theory]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.Cancelled)]
    public void Final_states_never_move_again(OrderStatus final)
    {
        var order = new PurchaseOrder { UserId = "u", Status = final };

        Assert.True(OrderStateMachine.IsFinal(final));
        foreach (var to in Enum.GetValues<OrderStatus>())
        {
            Assert.Throws<InvalidOperationException>(() => order.MoveTo(to, DateTimeOffset.UnixEpoch));
        }
    }

    [Fact]
    public void Reaching_a_final_state_stamps_when_the_order_settled()
    {
        var at = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        var order = new PurchaseOrder { UserId = "u", Status = OrderStatus.Paying };

        order.MoveTo(OrderStatus.Paid, at);

        Assert.Equal(at, order.SettledAt);
        Assert.Equal(at, order.UpdatedAt);
    }
}

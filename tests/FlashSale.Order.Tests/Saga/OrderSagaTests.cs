using FlashSale.Contracts;
using FlashSale.Contracts.Funds;
using FlashSale.Contracts.Payments;
using FlashSale.Contracts.Purchases;
using FlashSale.Contracts.Stock;
using FlashSale.Order.Orders;
using FlashSale.Order.Saga;

namespace FlashSale.Order.Tests.Saga;

/// <summary>The saga's decisions as pure logic: every step, every late or repeated message.</summary>
public sealed class OrderSagaTests
{
    private const long PaymentId = 900;
    private static readonly DateTimeOffset Reserved = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Soon = Reserved.AddMinutes(1);

    [Fact]
    public void A_reservation_creates_an_order_awaiting_payment_commits_its_stock_and_tells_the_payment_service()
    {
        var (order, commands) = OrderSaga.Create(new PurchaseReserved(1, 7, "u-1", 2, 9.95m, Reserved), Window, Soon);

        Assert.Equal(OrderStatus.AwaitingPayment, order.Status);
        Assert.Equal(19.90m, order.Amount);
        Assert.Equal(Reserved + Window, order.PaymentDeadline);
        Assert.Equal(
        [
            new SagaCommand(new CommitStock(1, 7, "u-1", 2), ServiceQueues.InventoryStockAddress) { FollowUp = true },
            new SagaCommand(new OrderAwaitingPayment(1, "u-1", 19.90m, Reserved + Window), ServiceQueues.PaymentProviderAddress),
        ], commands);
    }

    [Fact]
    public void A_cancellation_is_never_held_back_units_and_money_go_back_at_once()
    {
        var order = NewOrder();
        OrderSaga.On(order, new PaymentRequested(PaymentId, order.Id, order.UserId, order.Amount), Soon);

        var cancel = OrderSaga.On(order, new FundsFreezeRefused(order.Id, PaymentId, "insufficient-funds"), Soon);

        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Contains(cancel, c => c.Message is ReleaseStock);
        Assert.Contains(cancel, c => c.Message is UnfreezeFunds);
        Assert.DoesNotContain(cancel, c => c.FollowUp);
    }

    [Fact]
    public void A_reservation_whose_amount_cannot_be_stored_is_cancelled_at_creation_and_releases_its_units()
    {
        var (order, commands) = OrderSaga.Create(new PurchaseReserved(1, 7, "u-1", 2, OrderAmounts.Max, Reserved), Window, Soon);

        Assert.Equal((OrderStatus.Cancelled, OrderSaga.NotPayable, 0m), (order.Status, order.CancelReason, order.Amount));
        Assert.Equal(Soon, order.SettledAt);
        Assert.Equal([new SagaCommand(new ReleaseStock(1, 7, "u-1", 2, OrderSaga.NotPayable), ServiceQueues.InventoryStockAddress)], commands);
    }

    [Fact]
    public void The_happy_path_freezes_captures_charges_and_settles_once()
    {
        var order = NewOrder();

        var freeze = OrderSaga.On(order, new PaymentRequested(PaymentId, order.Id, order.UserId, order.Amount), Soon);
        Assert.Equal(OrderStatus.Paying, order.Status);
        Assert.Equal(new FreezeFunds(order.Id, PaymentId, order.UserId, order.Amount), Assert.Single(freeze).Message);

        var capture = OrderSaga.On(order, new FundsFrozen(order.Id, PaymentId, order.Amount), Soon);
        Assert.IsType<CapturePayment>(Assert.Single(capture).Message);

        // The capture decides: paid at once, and the Confirm, the sale of the stock and the settlement follow.
        var settle = OrderSaga.On(order, new PaymentCaptured(PaymentId, order.Id), Soon);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(new ChargeFrozenFunds(order.Id, order.UserId), settle[0].Message);
        Assert.Equal(ServiceQueues.WalletFundsAddress, settle[0].Destination);
        Assert.Contains(settle, c => c.Message is MarkStockSold);
        Assert.Contains(settle, c => c.Message is PaymentSettled { Outcome: PaymentOutcomes.Succeeded });
        Assert.Equal(3, settle.Count);
        // Nobody waits on those three: they are the follow-ups the outbox holds back; the steps before them are not.
        Assert.All(settle, c => Assert.True(c.FollowUp, $"{c.Message.GetType().Name} is a follow-up"));
        Assert.False(freeze[0].FollowUp || capture[0].FollowUp);

        // Every reply again: nothing more happens.
        Assert.Empty(OrderSaga.On(order, new PaymentRequested(PaymentId, order.Id, order.UserId, order.Amount), Soon));
        Assert.Empty(OrderSaga.On(order, new FundsFrozen(order.Id, PaymentId, order.Amount), Soon));
        Assert.Empty(OrderSaga.On(order, new PaymentCaptured(PaymentId, order.Id), Soon));
        Assert.Empty(OrderSaga.Expire(order, Grace, Reserved.AddDays(1)));
    }

    [Fact]
    public void An_unpaid_order_past_its_deadline_is_cancelled_and_releases_its_stock_once()
    {
        var order = NewOrder();

        Assert.Empty(OrderSaga.Expire(order, Grace, Reserved + Window));
        var cancel = OrderSaga.Expire(order, Grace, Reserved + Window + TimeSpan.FromMilliseconds(1));

        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal(OrderSaga.DeadlinePassed, order.CancelReason);
        Assert.Equal(new ReleaseStock(order.Id, order.SaleId, order.UserId, order.Quantity, OrderSaga.DeadlinePassed), Assert.Single(cancel).Message);
        Assert.Empty(OrderSaga.Expire(order, Grace, Reserved.AddDays(1)));
    }

    [Fact]
    public void Insufficient_funds_cancel_the_order_release_the_stock_and_fail_the_payment()
    {
        var order = NewOrder();
        OrderSaga.On(order, new PaymentRequested(PaymentId, order.Id, order.UserId, order.Amount), Soon);

        var cancel = OrderSaga.On(order, new FundsFreezeRefused(order.Id, PaymentId, FundsRefusalReasons.InsufficientFunds), Soon);

        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal(FundsRefusalReasons.InsufficientFunds, order.CancelReason);
        Assert.Contains(cancel, c => c.Message is ReleaseStock);
        Assert.Contains(cancel, c => c.Message is UnfreezeFunds);
        Assert.Contains(cancel, c => c.Message is PaymentSettled { Outcome: PaymentOutcomes.Failed });
        Assert.Empty(OrderSaga.On(order, new FundsFreezeRefused(order.Id, PaymentId, FundsRefusalReasons.InsufficientFunds), Soon));
    }

    [Fact]
    public void A_declined_capture_cancels_and_undoes_the_freeze()
    {
        var order = NewOrder();
        OrderSaga.On(order, new PaymentRequested(PaymentId, order.Id, order.UserId, order.Amount), Soon);
        OrderSaga.On(order, new FundsFrozen(order.Id, PaymentId, order.Amount), Soon);

        var cancel = OrderSaga.On(order, new PaymentCaptureFailed(PaymentId, order.Id, "declined"), Soon);

        Assert.Equal(OrderSaga.PaymentDeclined, order.CancelReason);
        Assert.Contains(cancel, c => c.Message is UnfreezeFunds);
        Assert.Contains(cancel, c => c.Message is ReleaseStock);
    }

    [Fact]
    public void A_late_payment_is_refused_and_never_revives_a_cancelled_order()
    {
        var order = NewOrder();
        OrderSaga.Expire(order, Grace, Reserved.AddDays(1));

        var refusal = OrderSaga.On(order, new PaymentRequested(PaymentId, order.Id, order.UserId, order.Amount), Reserved.AddDays(1));

        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Null(order.PaymentId);
        Assert.Equal(PaymentOutcomes.Refused, Assert.IsType<PaymentSettled>(Assert.Single(refusal).Message).Outcome);
    }

    [Fact]
    public void A_payment_arriving_after_the_deadline_but_before_the_sweeper_cancels_and_is_refused()
    {
        var order = NewOrder();

        var commands = OrderSaga.On(order, new PaymentRequested(PaymentId, order.Id, order.UserId, order.Amount), Reserved + Window + TimeSpan.FromSeconds(1));

        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Contains(commands, c => c.Message is ReleaseStock);
        Assert.Contains(commands, c => c.Message is PaymentSettled { Outcome: PaymentOutcomes.Refused });
        Assert.DoesNotContain(commands, c => c.Message is FreezeFunds);
    }

    [Fact]
    public void A_second_payment_for_the_same_order_is_refused()
    {
        var order = NewOrder();
        OrderSaga.On(order, new PaymentRequested(PaymentId, order.Id, order.UserId, order.Amount), Soon);

        var second = OrderSaga.On(order, new PaymentRequested(PaymentId + 1, order.Id, order.UserId, order.Amount), Soon);

        Assert.Equal(PaymentId, order.PaymentId);
        var settled = Assert.IsType<PaymentSettled>(Assert.Single(second).Message);
        Assert.Equal((PaymentId + 1, PaymentOutcomes.Refused), (settled.PaymentId, settled.Outcome));
    }

    [Fact]
    public void A_stalled_payment_is_cancelled_only_after_deadline_plus_grace_and_never_once_captured()
    {
        var stalled = NewOrder();
        OrderSaga.On(stalled, new PaymentRequested(PaymentId, stalled.Id, stalled.UserId, stalled.Amount), Soon);
        Assert.Empty(OrderSaga.Expire(stalled, Grace, Reserved + Window + Grace));
        var cancel = OrderSaga.Expire(stalled, Grace, Reserved + Window + Grace + TimeSpan.FromSeconds(1));
        Assert.Equal(OrderSaga.PaymentTimedOut, stalled.CancelReason);
        Assert.Contains(cancel, c => c.Message is UnfreezeFunds);

        var captured = NewOrder();
        OrderSaga.On(captured, new PaymentRequested(PaymentId, captured.Id, captured.UserId, captured.Amount), Soon);
        OrderSaga.On(captured, new FundsFrozen(captured.Id, PaymentId, captured.Amount), Soon);
        OrderSaga.On(captured, new PaymentCaptured(PaymentId, captured.Id), Soon);
        Assert.Empty(OrderSaga.Expire(captured, Grace, Reserved.AddDays(1)));
        Assert.Equal(OrderStatus.Paid, captured.Status);
    }

    [Fact]
    public void A_freeze_that_lands_after_cancellation_is_undone()
    {
        var order = NewOrder();
        OrderSaga.On(order, new PaymentRequested(PaymentId, order.Id, order.UserId, order.Amount), Soon);
        OrderSaga.Expire(order, Grace, Reserved.AddDays(1));

        var undo = OrderSaga.On(order, new FundsFrozen(order.Id, PaymentId, order.Amount), Reserved.AddDays(1));

        Assert.Equal(new UnfreezeFunds(order.Id, order.UserId), Assert.Single(undo).Message);
        Assert.Empty(OrderSaga.On(order, new PaymentCaptured(PaymentId, order.Id), Reserved.AddDays(1)));
        Assert.Equal(OrderStatus.Cancelled, order.Status);
    }

    [Fact]
    public void The_stock_release_reply_only_sets_its_flag()
    {
        var order = NewOrder();

        Assert.Empty(OrderSaga.On(order, new StockReleased(order.Id, order.SaleId, order.Quantity)));

        Assert.True(order.StockReturned);
        Assert.Equal(OrderStatus.AwaitingPayment, order.Status);
    }

    private static PurchaseOrder NewOrder() =>
        OrderSaga.Create(new PurchaseReserved(Random.Shared.NextInt64(1, long.MaxValue), 7, "u-1", 1, 5m, Reserved), Window, Reserved).Order;
}

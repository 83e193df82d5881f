using FlashSale.Contracts;
using FlashSale.Contracts.Funds;
using FlashSale.Contracts.Payments;
using FlashSale.Contracts.Purchases;
using FlashSale.Contracts.Stock;
using FlashSale.Order.Orders;
using FlashSale.Order.Saga;

namespace FlashSale.Order.Tests.Saga;

/// <summary>
/// The saga's steps through the real queue, outbox and inbox: every message delivered more than once. What a
/// duplicate must not do is asserted once every delivery has been handled (the consume observer's count), never after a pause.
/// </summary>
public sealed class OrderSagaFlowTests(SagaFixture fixture) : IClassFixture<SagaFixture>
{
    private static readonly Uri Saga = ServiceQueues.OrderSagaAddress;

    [Fact]
    public async Task A_paid_order_sends_each_command_once_however_often_each_reply_arrives()
    {
        var (orderId, user) = await ReserveAsync();
        var paymentId = orderId + 1;

        await DeliverRepeatedlyAsync(new PaymentRequested(paymentId, orderId, user, 10m));
        await fixture.WaitForOrderAsync(orderId, o => o.Status == OrderStatus.Paying);
        await DeliverRepeatedlyAsync(new FundsFrozen(orderId, paymentId, 10m));
        await fixture.WaitForOrderAsync(orderId, o => o.FundsFrozen);
        await DeliverRepeatedlyAsync(new PaymentCaptured(paymentId, orderId));
        await fixture.WaitForOrderAsync(orderId, o => o.PaymentCaptured);

        var paid = await fixture.WaitForOrderAsync(orderId, o => o.Status == OrderStatus.Paid);
        Assert.NotNull(paid.SettledAt);
        Assert.Equal(
            ["CommitStock", "OrdersAwaitingPayment", "OrdersAwaitingPayment", "FreezeFunds", "CapturePayment", "ChargeFrozenFunds", "MarkStockSold", "PaymentSettled"],
            await fixture.CommandsForAsync(orderId));
        Assert.Contains("\"outcome\":\"succeeded\"", Assert.Single(await fixture.SettlementsForAsync(orderId)), StringComparison.Ordinal);
        // The follow-ups wait in the outbox for Orders:FollowUpDelay; every step shoppers wait on left at once.
        var heldBack = await fixture.HoldBacksForAsync(orderId);
        Assert.Equal(["CommitStock", "ChargeFrozenFunds", "MarkStockSold", "PaymentSettled"], heldBack.Where(h => h.HeldBack > TimeSpan.Zero).Select(h => h.Type));
        Assert.All(heldBack.Where(h => h.HeldBack > TimeSpan.Zero), h => Assert.Equal(new OrderSagaOptions().FollowUpDelay, h.HeldBack));
    }

    [Fact]
    public async Task An_unpaid_order_is_cancelled_after_its_deadline_and_releases_its_stock_once()
    {
        var (orderId, _) = await ReserveAsync(deadlineMatters: true);

        var cancelled = await fixture.WaitForOrderAsync(orderId, o => o.Status == OrderStatus.Cancelled, SagaFixture.PaymentWindow * 4);

        Assert.Equal(OrderSaga.DeadlinePassed, cancelled.CancelReason);
        Assert.True(cancelled.SettledAt >= cancelled.PaymentDeadline);
        await DeliverRepeatedlyAsync(new StockReleased(orderId, 7, 1));
        await fixture.WaitForOrderAsync(orderId, o => o.StockReturned);
        Assert.Equal(["CommitStock", "OrdersAwaitingPayment", "OrdersAwaitingPayment", "ReleaseStock"], await fixture.CommandsForAsync(orderId));
    }

    [Fact]
    public async Task A_late_payment_is_refused_and_the_order_stays_cancelled()
    {
        var (orderId, user) = await ReserveAsync(deadlineMatters: true);
        await fixture.WaitForOrderAsync(orderId, o => o.Status == OrderStatus.Cancelled, SagaFixture.PaymentWindow * 4);

        await DeliverRepeatedlyAsync(new PaymentRequested(orderId + 1, orderId, user, 10m));

        var order = await fixture.OrderAsync(orderId);
        Assert.Equal(OrderStatus.Cancelled, order!.Status);
        Assert.Null(order.PaymentId);
        Assert.DoesNotContain("FreezeFunds", await fixture.CommandsForAsync(orderId));
        // One refusal per message id: the redelivery is deduplicated, the re-send is refused again.
        var settlements = await fixture.SettlementsForAsync(orderId);
        Assert.Equal(2, settlements.Count);
        Assert.All(settlements, s => Assert.Contains("\"outcome\":\"refused\"", s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Insufficient_funds_cancel_the_order_with_one_release_and_one_unfreeze()
    {
        var (orderId, user) = await ReserveAsync();
        var paymentId = orderId + 1;
        await DeliverRepeatedlyAsync(new PaymentRequested(paymentId, orderId, user, 10m));
        await fixture.WaitForOrderAsync(orderId, o => o.Status == OrderStatus.Paying);

        await DeliverRepeatedlyAsync(new FundsFreezeRefused(orderId, paymentId, FundsRefusalReasons.InsufficientFunds));

        var cancelled = await fixture.WaitForOrderAsync(orderId, o => o.Status == OrderStatus.Cancelled);
        Assert.Equal(FundsRefusalReasons.InsufficientFunds, cancelled.CancelReason);
        Assert.Equal(["CommitStock", "OrdersAwaitingPayment", "OrdersAwaitingPayment", "FreezeFunds", "ReleaseStock", "UnfreezeFunds", "PaymentSettled"], await fixture.CommandsForAsync(orderId));
    }

    [Fact]
    public async Task A_reservation_re_sent_under_new_message_ids_creates_one_order()
    {
        var orderId = Random.Shared.NextInt64(1L << 40, 1L << 50);
        var reserved = new PurchaseReserved(orderId, 7, $"u-{orderId}", 2, 4.5m, DateTimeOffset.UtcNow.AddHours(1));

        var sent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.SendAsync(reserved, PurchaseQueues.OrderPurchaseReservedAddress)));
        await fixture.Consumed.WaitUntilHandledAsync(sent);

        var order = await fixture.WaitForOrderAsync(orderId, o => o.Status == OrderStatus.AwaitingPayment);
        Assert.Equal(9m, order.Amount);
        Assert.Equal(["CommitStock", "OrdersAwaitingPayment", "OrdersAwaitingPayment"], await fixture.CommandsForAsync(orderId));
    }

    [Fact]
    public async Task A_reservation_whose_amount_no_store_can_keep_ends_cancelled_and_gives_its_units_back()
    {
        var orderId = Random.Shared.NextInt64(1L << 40, 1L << 50);
        // 2 x 9,999,999,999 overflows numeric(12,2): before, this reservation failed into the _error queue and its units stayed taken.
        var reserved = new PurchaseReserved(orderId, 7, $"u-{orderId}", 2, 9_999_999_999m, DateTimeOffset.UtcNow.AddHours(1));

        await fixture.Consumed.WaitUntilHandledAsync([await fixture.SendAsync(reserved, PurchaseQueues.OrderPurchaseReservedAddress)]);

        var order = await fixture.WaitForOrderAsync(orderId, o => o.Status == OrderStatus.Cancelled);
        Assert.Equal((OrderSaga.NotPayable, 0m, 2), (order.CancelReason, order.Amount, order.Quantity));
        Assert.Equal(["ReleaseStock"], await fixture.CommandsForAsync(orderId));
    }

    /// <summary>
    /// A new order. Its deadline is the reservation time plus the fixture's few seconds: tests that are not about the
    /// deadline reserve "in the future", so a slow machine cannot make the sweeper cancel their order midway.
    /// </summary>
    private async Task<(long OrderId, string User)> ReserveAsync(bool deadlineMatters = false)
    {
        var orderId = Random.Shared.NextInt64(1L << 40, 1L << 50);
        var user = $"u-{orderId}";
        var reservedAt = deadlineMatters ? DateTimeOffset.UtcNow : DateTimeOffset.UtcNow.AddHours(1);
        await fixture.SendAsync(new PurchaseReserved(orderId, 7, user, 1, 10m, reservedAt), PurchaseQueues.OrderPurchaseReservedAddress);
        await fixture.WaitForOrderAsync(orderId, o => deadlineMatters || o.Status == OrderStatus.AwaitingPayment);
        return (orderId, user);
    }

    /// <summary>
    /// Twice with one message id (a redelivery) and once more with another (a re-send), all at once; returns when the
    /// saga has handled all three, so whatever a duplicate would (wrongly) add is in the outbox by then.
    /// </summary>
    private async Task DeliverRepeatedlyAsync(object reply)
    {
        var id = Guid.NewGuid();
        var sent = await Task.WhenAll(fixture.SendAsync(reply, Saga, id), fixture.SendAsync(reply, Saga, id), fixture.SendAsync(reply, Saga));
        await fixture.Consumed.WaitUntilHandledAsync(sent);
    }
}

using FlashSale.Contracts;
using FlashSale.Contracts.Funds;
using FlashSale.Contracts.Payments;
using FlashSale.Contracts.Purchases;
using FlashSale.Contracts.Stock;
using FlashSale.Order.Orders;

namespace FlashSale.Order.Saga;

/// <summary>
/// The orchestrated saga as pure decisions: given the order and what just happened, change the order and
/// return the commands to send. Every step checks that it applies to the order's current state and
/// payment, so a duplicate, a reply that lost a race or a message for a finished order changes nothing
/// (or only repeats an idempotent compensation).
/// </summary>
public static class OrderSaga
{
    public const string DeadlinePassed = "payment-deadline-passed";
    public const string PaymentTimedOut = "payment-timed-out";
    public const string PaymentDeclined = "payment-declined";
    public const string NotPayable = "order-not-payable";

    public static (PurchaseOrder Order, IReadOnlyList<SagaCommand> Commands) Create(PurchaseReserved reserved, TimeSpan paymentWindow, DateTimeOffset now)
    {
        var deadline = reserved.ReservedAt + paymentWindow;
        var amount = decimal.Round(reserved.UnitPrice * reserved.Quantity, 2);
        var order = new PurchaseOrder
        {
            Id = reserved.OrderId,
            SaleId = reserved.SaleId,
            UserId = reserved.UserId,
            Quantity = reserved.Quantity,
            Amount = amount,
            Status = OrderStatus.Pending,
            CreatedAt = now,
            PaymentDeadline = deadline,
        };
        if (amount is < 0 or > OrderAmounts.Max)
        {
            // No store could keep this amount and nobody could pay it: the order ends at once, with nothing payable,
            // and inventory gets its units back instead of holding them for an order that can never exist.
            order.Amount = 0;
            order.MoveTo(OrderStatus.Cancelled, now);
            order.CancelReason = NotPayable;
            return (order, [ToInventory(new ReleaseStock(order.Id, order.SaleId, order.UserId, order.Quantity, NotPayable))]);
        }

        order.MoveTo(OrderStatus.AwaitingPayment, now);
        return (order,
        [
            // Inventory's durable copy of the Redis hold: nothing waits for it, so it is a follow-up.
            ToInventory(new CommitStock(order.Id, order.SaleId, order.UserId, order.Quantity)) with { FollowUp = true },
            ToPayment(new OrderAwaitingPayment(order.Id, order.UserId, order.Amount, deadline)),
        ]);
    }

    public static IReadOnlyList<SagaCommand> On(PurchaseOrder order, StockReleased _)
    {
        order.StockReturned = true;
        return [];
    }

    /// <summary>The wallet's Cancel is done; nothing follows from it (the consumer flags an impossible "already charged").</summary>
    public static IReadOnlyList<SagaCommand> On(PurchaseOrder order, FundsUnfrozen _) => [];

    public static IReadOnlyList<SagaCommand> On(PurchaseOrder order, PaymentRequested payment, DateTimeOffset now)
    {
        if (order.PaymentId == payment.PaymentId)
        {
            return [];
        }

        if (order.Status == OrderStatus.AwaitingPayment && order.PaymentId is null && now <= order.PaymentDeadline)
        {
            order.MoveTo(OrderStatus.Paying, now);
            order.PaymentId = payment.PaymentId;
            return [ToWallet(new FreezeFunds(order.Id, payment.PaymentId, order.UserId, order.Amount))];
        }

        // A late payment never revives an order: it is refused before any money moves.
        var refusal = ToPayment(new PaymentSettled(payment.PaymentId, order.Id, PaymentOutcomes.Refused, WhyNotPayable(order, now)));
        if (order.Status == OrderStatus.AwaitingPayment && now > order.PaymentDeadline)
        {
            return [.. Cancel(order, DeadlinePassed, now), refusal];
        }

        return [refusal];
    }

    public static IReadOnlyList<SagaCommand> On(PurchaseOrder order, FundsFrozen frozen, DateTimeOffset now)
    {
        if (order.PaymentId != frozen.PaymentId)
        {
            return [];
        }

        if (order.Status == OrderStatus.Paying && !order.FundsFrozen)
        {
            order.FundsFrozen = true;
            order.UpdatedAt = now;
            return [ToPayment(new CapturePayment(frozen.PaymentId, order.Id, order.UserId, order.Amount))];
        }

        // The order was cancelled while the Try was in flight: make sure the freeze is undone (Cancel is idempotent).
        return order.Status == OrderStatus.Cancelled ? [ToWallet(new UnfreezeFunds(order.Id, order.UserId))] : [];
    }

    public static IReadOnlyList<SagaCommand> On(PurchaseOrder order, FundsFreezeRefused refused, DateTimeOffset now) =>
        order.Status == OrderStatus.Paying && order.PaymentId == refused.PaymentId ? Cancel(order, refused.Reason, now) : [];

    /// <summary>
    /// The capture is the decision point: every Try held (the funds are frozen) and the provider took the money,
    /// so the order is paid now, and the wallet's Confirm, the stock's sale and the payment's settlement follow
    /// through the outbox. TCC's Confirm cannot fail once its Try held (it only spends what is frozen, is
    /// idempotent and is retried), so it is not answered: a reply would add a message and decide nothing.
    /// Nobody waits on these three (the shopper waits on "paid", which is decided here), so they are follow-ups.
    /// </summary>
    public static IReadOnlyList<SagaCommand> On(PurchaseOrder order, PaymentCaptured captured, DateTimeOffset now)
    {
        if (order.PaymentId != captured.PaymentId || order.Status != OrderStatus.Paying || order.PaymentCaptured)
        {
            return [];
        }

        order.PaymentCaptured = true;
        order.MoveTo(OrderStatus.Paid, now);
        return
        [
            ToWallet(new ChargeFrozenFunds(order.Id, order.UserId)) with { FollowUp = true },
            ToInventory(new MarkStockSold(order.Id, order.SaleId)) with { FollowUp = true },
            ToPayment(new PaymentSettled(captured.PaymentId, order.Id, PaymentOutcomes.Succeeded, null)) with { FollowUp = true },
        ];
    }

    public static IReadOnlyList<SagaCommand> On(PurchaseOrder order, PaymentCaptureFailed failed, DateTimeOffset now) =>
        order.Status == OrderStatus.Paying && order.PaymentId == failed.PaymentId && !order.PaymentCaptured
            ? Cancel(order, PaymentDeclined, now)
            : [];

    /// <summary>
    /// The sweeper's step: an unpaid order past its deadline, or a payment still not captured past deadline
    /// + grace, is cancelled (I4). A captured payment is never cancelled: its charge is already on its way.
    /// </summary>
    public static IReadOnlyList<SagaCommand> Expire(PurchaseOrder order, TimeSpan grace, DateTimeOffset now) => order.Status switch
    {
        OrderStatus.AwaitingPayment when now > order.PaymentDeadline => Cancel(order, DeadlinePassed, now),
        OrderStatus.Paying when !order.PaymentCaptured && now > order.PaymentDeadline + grace => Cancel(order, PaymentTimedOut, now),
        _ => [],
    };

    private static List<SagaCommand> Cancel(PurchaseOrder order, string reason, DateTimeOffset now)
    {
        order.MoveTo(OrderStatus.Cancelled, now);
        order.CancelReason = reason;
        List<SagaCommand> commands = [ToInventory(new ReleaseStock(order.Id, order.SaleId, order.UserId, order.Quantity, reason))];
        if (order.PaymentId is { } paymentId)
        {
            // Sent even if no freeze was seen: the Try may still be in flight, and the wallet's record of
            // this Cancel makes it refuse that Try (suspension) or undo it (Cancel after Try).
            commands.Add(ToWallet(new UnfreezeFunds(order.Id, order.UserId)));
            commands.Add(ToPayment(new PaymentSettled(paymentId, order.Id, PaymentOutcomes.Failed, reason)));
        }

        return commands;
    }

    private static string WhyNotPayable(PurchaseOrder order, DateTimeOffset now) => order.Status switch
    {
        OrderStatus.Cancelled => $"order is cancelled ({order.CancelReason})",
        OrderStatus.Paid => "order is already paid",
        OrderStatus.Paying => "another payment for this order is in progress",
        _ when now > order.PaymentDeadline => "the payment deadline has passed",
        _ => $"order is {order.Status}",
    };

    private static SagaCommand ToInventory(object message) => new(message, ServiceQueues.InventoryStockAddress);
    private static SagaCommand ToWallet(object message) => new(message, ServiceQueues.WalletFundsAddress);
    private static SagaCommand ToPayment(object message) => new(message, ServiceQueues.PaymentProviderAddress);
}

using FlashSale.Contracts;
using FlashSale.Contracts.Payments;
using FlashSale.Contracts.Purchases;
using FlashSale.Messaging.Inbox;
using FlashSale.Messaging.Outbox;
using FlashSale.Order.Data;
using FlashSale.Order.Orders;
using FlashSale.Order.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlashSale.Order.Purchases;

/// <summary>
/// Creates the orders of a batch of reservations and starts their sagas (commit the stock): one query finds
/// the orders that exist already, EF inserts the new ones and their outbox rows in one round trip. The batch's
/// orders are announced to the payment service together, in one <see cref="OrdersAwaitingPayment"/>.
/// </summary>
public sealed class OrderCreation(OrderDbContext db, OrderChanges changes, IOptions<OrderSagaOptions> options, OrderMetrics metrics)
    : IInboxBatchHandler<PurchaseReserved>
{
    private readonly List<PurchaseOrder> _created = [];

    public void Committed(IReadOnlyList<PurchaseReserved> batch) => changes.Committed(_created);

    public async Task HandleAsync(IReadOnlyList<PurchaseReserved> batch, DateTimeOffset now, CancellationToken ct)
    {
        var ids = batch.Select(r => r.OrderId).Distinct().ToArray();
        var existing = (await db.Orders.Where(o => ids.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct)).ToHashSet();
        var payable = new List<OrderAwaitingPayment>();
        foreach (var reserved in batch)
        {
            if (!existing.Add(reserved.OrderId))
            {
                continue; // created before, or earlier in this batch (a re-send under a new message id)
            }

            var (order, commands) = OrderSaga.Create(reserved, options.Value.PaymentWindow, now);
            db.Orders.Add(order);
            _created.Add(order);
            foreach (var command in commands)
            {
                if (command.Message is OrderAwaitingPayment announcement)
                {
                    payable.Add(announcement);
                    continue;
                }

                db.AddToOutbox(command, options.Value, now);
            }

            metrics.Created();
        }

        if (payable.Count > 0)
        {
            // The payment service's read model of payable orders, and the wallet's record of what it may be asked to freeze.
            db.AddToOutbox(new OrdersAwaitingPayment(payable), ServiceQueues.PaymentProviderAddress, now);
            db.AddToOutbox(new OrdersAwaitingPayment(payable), ServiceQueues.WalletFundsAddress, now);
        }
    }
}

using System.Diagnostics.Metrics;
using FlashSale.Order.Orders;

namespace FlashSale.Order.Saga;

/// <summary>The order service's own instruments (meter "FlashSale.Order", exported by OpenTelemetry).</summary>
public sealed class OrderMetrics
{
    public const string MeterName = "FlashSale.Order";

    private readonly Counter<long> _created;
    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _settleSeconds;

    public OrderMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _created = meter.CreateCounter<long>("flashsale.orders.created", description: "Orders created from reservations.");
        _transitions = meter.CreateCounter<long>("flashsale.orders.transitions", description: "Order state changes, by target state and cancel reason.");
        _settleSeconds = meter.CreateHistogram<double>("flashsale.orders.settle_duration", unit: "s",
            description: "From order creation to paid or cancelled.");
    }

    public void Created() => _created.Add(1);

    public void Moved(PurchaseOrder order, OrderStatus from, DateTimeOffset now)
    {
        _transitions.Add(1, new KeyValuePair<string, object?>("from", from.ToString()), new KeyValuePair<string, object?>("to", order.Status.ToString()),
            new KeyValuePair<string, object?>("reason", order.CancelReason));
        if (OrderStateMachine.IsFinal(order.Status))
        {
            _settleSeconds.Record((now - order.CreatedAt).TotalSeconds, new KeyValuePair<string, object?>("status", order.Status.ToString()));
        }
    }
}

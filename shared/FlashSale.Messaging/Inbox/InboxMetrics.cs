using System.Diagnostics.Metrics;

namespace FlashSale.Messaging.Inbox;

/// <summary>
/// How the saga's consumers keep up, per kind of batch (the payload type: SagaEvent, FundsCommand, ...): deliveries
/// waiting in this process for a batch (the local queue depth, on top of RabbitMQ's), each batch's size, and how long
/// applying one took (a saga step's database work; MassTransit's own consume duration counts the wait as well).
/// </summary>
public sealed class InboxMetrics
{
    public const string MeterName = "FlashSale.Inbox";

    private readonly Meter _meter;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _batchDuration;

    public InboxMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _batchSize = _meter.CreateHistogram<int>("flashsale.inbox.batch_size", unit: "{message}", description: "Messages applied in one transaction.");
        _batchDuration = _meter.CreateHistogram<double>("flashsale.inbox.batch_duration", unit: "s",
            description: "Time to apply one batch: inbox insert, the handler's changes and outbox rows, commit.");
    }

    /// <summary>Reports <paramref name="waiting"/> as the number of deliveries of <paramref name="kind"/> waiting for a batch.</summary>
    public void ObserveWaiting(string kind, Func<int> waiting) =>
        _meter.CreateObservableGauge("flashsale.inbox.waiting", () => new Measurement<int>(waiting(), new KeyValuePair<string, object?>("kind", kind)),
            unit: "{message}", description: "Deliveries handed to the batcher and not yet applied.");

    public void Applied(string kind, int size, TimeSpan took)
    {
        var tag = new KeyValuePair<string, object?>("kind", kind);
        _batchSize.Record(size, tag);
        _batchDuration.Record(took.TotalSeconds, tag);
    }
}

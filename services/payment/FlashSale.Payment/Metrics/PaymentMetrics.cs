using System.Diagnostics.Metrics;

namespace FlashSale.Payment.Metrics;

/// <summary>The payment service's own instruments (meter "FlashSale.Payment", exported by OpenTelemetry).</summary>
public sealed class PaymentMetrics
{
    public const string MeterName = "FlashSale.Payment";

    private readonly Counter<long> _requested;
    private readonly Counter<long> _captures;
    private readonly Histogram<double> _captureDuration;
    private readonly Counter<long> _settled;

    public PaymentMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requested = meter.CreateCounter<long>("flashsale.payments.requested", description: "Payments accepted and handed to the order saga.");
        _captures = meter.CreateCounter<long>("flashsale.payments.captures", description: "Calls to the payment provider, by outcome.");
        _captureDuration = meter.CreateHistogram<double>("flashsale.payments.capture_duration", unit: "s", description: "How long the provider took to answer.");
        _settled = meter.CreateCounter<long>("flashsale.payments.settled", description: "Payments settled by the saga, by final status.");
    }

    public void Requested(int payments = 1) => _requested.Add(payments);

    public void Captured(string outcome, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _captures.Add(1, tag);
        _captureDuration.Record(duration.TotalSeconds, tag);
    }

    public void Settled(string status) => _settled.Add(1, new KeyValuePair<string, object?>("status", status));
}

using System.Collections.Concurrent;
using FlashSale.Payment.Provider;

namespace FlashSale.Payment.Tests;

/// <summary>The real simulated provider, with a count of calls per payment.</summary>
public sealed class CountingPaymentProvider(IPaymentProvider inner) : IPaymentProvider
{
    private readonly ConcurrentDictionary<long, int> _calls = new();

    public int CallsFor(long paymentId) => _calls.GetValueOrDefault(paymentId);

    public Task<CaptureResult> CaptureAsync(CaptureRequest request, CancellationToken ct)
    {
        _calls.AddOrUpdate(request.PaymentId, 1, (_, n) => n + 1);
        return inner.CaptureAsync(request, ct);
    }
}

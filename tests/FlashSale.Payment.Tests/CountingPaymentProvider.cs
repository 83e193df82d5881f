using System.Collections.Concurrent;
using FlashSale.Payment.Provider;

namespace FlashSale.Payment.Tests;

/// <summary>Counts provider calls per payment, and the most that were in flight at once.</summary>
public sealed class CountingPaymentProvider(IPaymentProvider inner) : IPaymentProvider
{
    private readonly ConcurrentDictionary<long, int> _calls = new();
    private int _inFlight;
    private int _mostInFlight;

    /// <summary>Extra time each call takes (default none), so that calls which could overlap do.</summary>
    public TimeSpan Latency { get; set; }

    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    public int CallsFor(long paymentId) => _calls.GetValueOrDefault(paymentId);

    public async Task<CaptureResult> CaptureAsync(CaptureRequest request, CancellationToken ct)
    {
        _calls.AddOrUpdate(request.PaymentId, 1, (_, n) => n + 1);
        var now = Interlocked.Increment(ref _inFlight);
        int most;
        while (now > (most = Volatile.Read(ref _mostInFlight)) && Interlocked.CompareExchange(ref _mostInFlight, now, most) != most)
        {
        }

        try
        {
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, ct);
            }

            return await inner.CaptureAsync(request, ct);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}

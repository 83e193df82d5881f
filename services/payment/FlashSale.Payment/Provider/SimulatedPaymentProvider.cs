using Microsoft.Extensions.Options;

namespace FlashSale.Payment.Provider;

/// <summary>
/// A stand-in for an external provider with injectable latency and failures (<see cref="PaymentProviderOptions"/>).
/// Deterministic rules are checked before the random failure, so a test or demo can pick who is declined.
/// </summary>
public sealed class SimulatedPaymentProvider(IOptionsMonitor<PaymentProviderOptions> options, TimeProvider time) : IPaymentProvider
{
    public async Task<CaptureResult> CaptureAsync(CaptureRequest request, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        if (settings.LatencyMilliseconds > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(settings.LatencyMilliseconds), time, ct);
        }

        if (settings.DeclineAmountsAbove is { } limit && request.Amount > limit)
        {
            return CaptureResult.Declined(DeclineReasons.AmountOverLimit);
        }

        if (!string.IsNullOrEmpty(settings.DeclineUserIdsStartingWith)
            && request.UserId.StartsWith(settings.DeclineUserIdsStartingWith, StringComparison.Ordinal))
        {
            return CaptureResult.Declined(DeclineReasons.CardDeclined);
        }

#pragma warning disable CA5394 // a simulated failure needs no cryptographic randomness
        var fails = settings.FailureRate > 0 && Random.Shared.NextDouble() < settings.FailureRate;
#pragma warning restore CA5394
        return fails ? CaptureResult.Declined(DeclineReasons.SimulatedFailure) : CaptureResult.Accepted;
    }
}

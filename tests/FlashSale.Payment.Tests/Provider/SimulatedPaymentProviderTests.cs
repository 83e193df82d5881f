using FlashSale.Payment.Provider;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FlashSale.Payment.Tests.Provider;

public sealed class SimulatedPaymentProviderTests
{
    private static readonly CaptureRequest Request = new(1, 2, "u-1", 9.90m);

    [Fact]
    public async Task By_default_every_capture_succeeds_at_once()
    {
        var provider = Provider(new PaymentProviderOptions());

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => provider.CaptureAsync(Request, CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(CaptureResult.Accepted, r));
    }

    [Fact]
    public async Task A_failure_rate_of_one_declines_every_capture()
    {
        var provider = Provider(new PaymentProviderOptions { FailureRate = 1 });

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => provider.CaptureAsync(Request, CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(CaptureResult.Declined(DeclineReasons.SimulatedFailure), r));
    }

    [Fact]
    public async Task A_failure_rate_declines_about_that_share_of_captures()
    {
        var provider = Provider(new PaymentProviderOptions { FailureRate = 0.3 });

        var results = await Task.WhenAll(Enumerable.Range(0, 4000).Select(_ => provider.CaptureAsync(Request, CancellationToken.None)));

        var declined = results.Count(r => !r.Captured) / 4000.0;
        Assert.InRange(declined, 0.25, 0.35);
    }

    [Fact]
    public async Task Deterministic_rules_decline_before_the_random_failure_is_drawn()
    {
        var provider = Provider(new PaymentProviderOptions { DeclineAmountsAbove = 10m, DeclineUserIdsStartingWith = "blocked-" });

        Assert.Equal(CaptureResult.Accepted, await provider.CaptureAsync(Request with { Amount = 10m }, CancellationToken.None));
        Assert.Equal(DeclineReasons.AmountOverLimit, (await provider.CaptureAsync(Request with { Amount = 10.01m }, CancellationToken.None)).DeclineReason);
        Assert.Equal(DeclineReasons.CardDeclined, (await provider.CaptureAsync(Request with { UserId = "blocked-7" }, CancellationToken.None)).DeclineReason);
        Assert.Equal(CaptureResult.Accepted, await provider.CaptureAsync(Request with { UserId = "u-blocked-7" }, CancellationToken.None));
    }

    [Fact]
    public async Task The_configured_latency_delays_the_answer()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var provider = new SimulatedPaymentProvider(new StaticOptions(new PaymentProviderOptions { LatencyMilliseconds = 1500 }), clock);

        var capture = provider.CaptureAsync(Request, CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(1499));
        Assert.False(capture.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(CaptureResult.Accepted, await capture.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    private static SimulatedPaymentProvider Provider(PaymentProviderOptions options) => new(new StaticOptions(options), TimeProvider.System);

    private sealed class StaticOptions(PaymentProviderOptions value) : IOptionsMonitor<PaymentProviderOptions>
    {
        public PaymentProviderOptions CurrentValue => value;

        public PaymentProviderOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<PaymentProviderOptions, string?> listener) => null;
    }
}

using System.Diagnostics;
using System.Globalization;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Database;
using FlashSale.LoadDriver.Load;
using FlashSale.LoadDriver.Scenarios.Common;
using FlashSale.LoadDriver.Scenarios.Throughput;
using FlashSale.LoadDriver.Shopping;

namespace FlashSale.LoadDriver.Scenarios.Chaos;

/// <summary>The crowd and timing of every round (the demo's crowd, smaller, with a payment window the order hosts run with).</summary>
public sealed record ChaosSettings(
    int Stock, int Shoppers, decimal Price, double NeverPays, double CannotAfford, TimeSpan BuyWindow, TimeSpan SoldOutRetry,
    TimeSpan PaymentWindow, TimeSpan FaultAt, TimeSpan ProbeInterval, int ClientAddresses, int Seed);

/// <summary>A round whose shoppers are done and whose fault is over; its sale is checked once its last deadline + 30 s has passed.</summary>
public sealed record PlayedRound(
    int Round, string Fault, DateTimeOffset StartedAt, string SaleId, IReadOnlyList<JourneyResult> Journeys, FaultOutcome Injected,
    double? FirstPaidSeconds, double? NormalProbeSeconds)
{
    /// <summary>
    /// How much later than normal the first probe after the fault was paid: from the fault's end to that probe paid, less
    /// the path's normal latency (a probe takes that long with no fault at all); null if no probe after the fault was paid.
    /// </summary>
    public double? RecoverySeconds => FirstPaidSeconds is { } first ? Math.Round(Math.Max(0, first - (NormalProbeSeconds ?? 0)), 2) : null;
}

/// <summary>
/// One round: a flash sale with a paying crowd (like the demo), a probe buying and paying on a sale of its own, and one
/// fault injected <see cref="ChaosSettings.FaultAt"/> after the sale opens. The round is played until every shopper who
/// pays or is refused by the wallet has seen their order end (those who never pay stop watching then: the deadline
/// will end their orders). Its sale is checked later (<see cref="ChaosVerification"/>), once every order is past its
/// deadline + 30 s, so a payment window of minutes does not make every round last minutes.
/// </summary>
public sealed class ChaosRound(Target target, HttpMessageInvoker[] clients, HttpMessageInvoker probeClient, FaultCommand faults, ChaosSettings settings)
{
    // After the fault is over, how long payers may still take to see their orders end before the round moves on.
    private static readonly TimeSpan SettleAfterFault = TimeSpan.FromSeconds(90);

    public async Task<PlayedRound> PlayAsync(int round, string fault, CancellationToken ct)
    {
        var s = settings;
        var api = target.Api;
        var runTag = Shoppers.RunTag();
        var kinds = ShopperMix.Assign(s.Shoppers, s.NeverPays, s.CannotAfford, s.Seed + round);
        var startedAt = DateTimeOffset.UtcNow;
        var saleId = await api.CreateSaleAsync(PurchaseSales.Spec(runTag, $"chaos round {round}", s.Stock, 1, s.Price), ct);
        var probeSaleId = await api.CreateSaleAsync(PurchaseSales.Spec(runTag, $"chaos probe {round}", 10_000_000, 1, 1.00m), ct);
        // The probe starts before the crowd is set up, so its figure before the fault is the path's normal latency.
        var probe = new RecoveryProbe(api, probeClient, probeSaleId, runTag, target.Timeout);
        using var stopProbe = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var probing = probe.RunAsync(s.ProbeInterval, stopProbe.Token);
        var userIds = Enumerable.Range(0, s.Shoppers).Select(i => Shoppers.UserId(runTag, i)).ToList();
        await Crowd.CreditAsync(api, userIds.Where((_, i) => kinds[i] != ShopperKind.CannotAfford).ToList(), s.Price, 32, ct);
        var shoppers = await Shoppers.PrepareAsync(api, clients, saleId, runTag, s.Shoppers, 1, 64, ct);

        var live = new LiveCounters();
        var go = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
        var journeySettings = new JourneySettings(new PollBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)), TimeSpan.FromSeconds(2),
            s.SoldOutRetry, go + MeasuredWindow.Ticks(s.BuyWindow));
        var journey = new ShopperJourney(api, new PurchaseRequests(target.Gateway, saleId, shoppers, runTag), clients, target.Timeout, journeySettings, live, runTag);
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var journeys = shoppers.Select((shopper, i) => Task.Run(async () =>
        {
            try
            {
                await MeasuredWindow.DelayUntil(go, stopWatching.Token);
            }
            catch (OperationCanceledException) when (stopWatching.IsCancellationRequested)
            {
                return new JourneyResult(shopper, kinds[i]);
            }

            return await journey.RunAsync(shopper, i, kinds[i], stopWatching.Token);
        }, CancellationToken.None)).ToArray();

        await MeasuredWindow.DelayUntil(go + MeasuredWindow.Ticks(s.FaultAt), ct);
        var faultedAt = DateTimeOffset.UtcNow;
        var injected = await faults.RunAsync(fault, "inject", back => Console.Out.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"    fault over {(back - faultedAt).TotalSeconds:0.0} s after it began")), ct);

        // Payers and the refused wait for their orders to end; those who never pay only until then.
        var deciding = journeys.Where((_, i) => kinds[i] != ShopperKind.NeverPays).ToArray();
        await Task.WhenAny(Task.WhenAll(deciding), Task.Delay(SettleAfterFault, ct));
        await stopWatching.CancelAsync();
        var results = await Task.WhenAll(journeys);

        // The probe runs on until one probe after the fault's end was paid (or 45 s more), so recovery is measured, not cut off.
        var probeUntil = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(45);
        while (injected.BackAt is { } back && probe.FirstPaidSeconds(back) is null && DateTimeOffset.UtcNow < probeUntil)
        {
            await Task.Delay(500, ct);
        }

        await stopProbe.CancelAsync();
        await probing;
        return new PlayedRound(round, fault, startedAt, saleId, results, injected,
            injected.BackAt is { } at ? probe.FirstPaidSeconds(at) : null, probe.NormalSeconds(faultedAt));
    }
}

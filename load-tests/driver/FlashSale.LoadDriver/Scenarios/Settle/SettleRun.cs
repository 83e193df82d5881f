using System.Diagnostics;
using System.Globalization;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Database;
using FlashSale.LoadDriver.Measurement;
using FlashSale.LoadDriver.Results;
using FlashSale.LoadDriver.Scenarios.Common;
using FlashSale.LoadDriver.Scenarios.Throughput;
using FlashSale.LoadDriver.Shopping;
using FlashSale.LoadDriver.Verification;

namespace FlashSale.LoadDriver.Scenarios.Settle;

/// <summary>One settle run: a sale of its own, its shoppers' wallets credited, all buying at one instant and paying.</summary>
public sealed class SettleRun(
    Target target, decimal price, PollBackoff poll, TimeSpan settleTimeout, TimeSpan quietTimeout, SagaDatabase database, string label)
{
    public decimal Price => price;

    public PollBackoff Poll => poll;

    public string Label => label;

    /// <summary>
    /// Runs one sale of <paramref name="stock"/> units to the end and checks it; CPU and the saga's waits are
    /// sampled only when a watch and a sampler are given (the measured run).
    /// </summary>
    public async Task<SettleOutcome> SettleAsync(
        HttpMessageInvoker[] clients, int stock, string purpose, CpuWatch? cpu, SagaSampler? sampler, CancellationToken ct)
    {
        var runTag = Shoppers.RunTag();
        var saleId = await target.Api.CreateSaleAsync(PurchaseSales.Spec(runTag, "settle", stock, 1, price), ct);
        Console.Out.WriteLine($"settle ({label}, {purpose}): sale {saleId}, {stock} units at {price.ToString(CultureInfo.InvariantCulture)}; crediting {stock} wallets, fetching purchase tokens");
        await Crowd.CreditAsync(target.Api, Enumerable.Range(0, stock).Select(i => Shoppers.UserId(runTag, i)).ToList(), price, 32, ct);
        var shoppers = await Shoppers.PrepareAsync(target.Api, clients, saleId, runTag, stock, 1, 64, ct);
        await QuietStart.WaitAsync(0.3, TimeSpan.FromSeconds(15), ct);
        Shoppers.EnsureTokensOutlast(shoppers, TimeSpan.FromSeconds(10), TimeProvider.System);

        var journey = new ShopperJourney(target.Api, new PurchaseRequests(target.Gateway, saleId, shoppers, runTag), clients, target.Timeout,
            new JourneySettings(poll, TimeSpan.FromSeconds(1), TimeSpan.Zero, long.MaxValue), new LiveCounters(), runTag);
        var go = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(settleTimeout);
        var startedAt = DateTimeOffset.UtcNow;
        var crowd = Crowd.RunAsync(journey, shoppers, Enumerable.Repeat(ShopperKind.Payer, stock).ToArray(), go, deadline.Token);
        var trafficBefore = sampler is null ? null : await sampler.TrafficAsync(ct);
        await Load.MeasuredWindow.DelayUntil(go, ct);
        cpu?.Start();
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampling = sampler?.RunAsync(stopSampling.Token);
        var journeys = await crowd;
        await stopSampling.CancelAsync();
        var waits = sampling is null ? null : await sampling;
        var endedAt = DateTimeOffset.UtcNow;
        ct.ThrowIfCancellationRequested();

        var check = await FinishedSale.VerifyAsync(target.Api, database, saleId, journeys, quietTimeout, ct);
        // Not at the last shopper's "paid": the saga's follow-ups of the last orders (held back on purpose) and whatever
        // trails them run after it, and their CPU belongs to the orders too. Quiet = every unit sold, stores agreeing.
        var usage = cpu?.Stop();
        // Once quiet (the outcome notifications after "paid" included), and after RabbitMQ's statistics caught up: the
        // management API's counters are collected every 5 s (PostgreSQL publishes a backend's counts within a second).
        await Task.Delay(TimeSpan.FromSeconds(6), ct);
        var trafficAfter = sampler is null ? null : await sampler.TrafficAsync(ct);
        var figures = await FinishedSale.FiguresAsync(database, check, journeys, startedAt, endedAt, ct) with
        {
            Waits = waits,
            Traffic = trafficBefore is not null && trafficAfter is not null ? trafficAfter - trafficBefore : null,
        };
        return new SettleOutcome(saleId, startedAt, journeys, usage, check, figures);
    }
}

/// <summary>What one settle run saw: its shoppers' journeys, the CPU meanwhile (measured run only), the checks and figures.</summary>
public sealed record SettleOutcome(
    string SaleId, DateTimeOffset StartedAt, JourneyResult[] Journeys, CpuUsage? Cpu, FinishedSaleCheck Check, SagaFigures Figures);

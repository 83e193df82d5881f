using System.Globalization;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Measurement;
using FlashSale.LoadDriver.Results;
using FlashSale.LoadDriver.Shopping;
using FlashSale.LoadDriver.Verification;

namespace FlashSale.LoadDriver.Scenarios.Demo;

/// <summary>Everything the demo's closing report shows, gathered after the sale is quiet.</summary>
public sealed record DemoOutcome(
    int Stock,
    StockView FinalStock,
    LiveSnapshot Seen,
    OrderFacts Orders,
    IReadOnlyDictionary<string, int> CancelReasons,
    InvariantCounters Invariants,
    IReadOnlyList<CheckResult> Checks,
    LatencySummary? PurchaseLatency,
    SagaFigures Saga,
    double PeakPurchaseAnswersPerSecond,
    double Seconds)
{
    /// <summary>Each shopper's first purchase call, all sent in the opening instant.</summary>
    public LatencySummary? OpeningLatency { get; init; }

    public bool Passed => Invariants.AllZero && Checks.All(c => c.Passed);
}

/// <summary>The demo's closing report, as lines of text.</summary>
public static class DemoReport
{
    public static IReadOnlyList<string> Render(DemoOutcome d)
    {
        var o = d.Orders;
        var resold = Math.Max(0, o.Accepted - d.Stock);
        var reasons = d.CancelReasons.Count == 0
            ? ""
            : "   (" + string.Join(", ", d.CancelReasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key}: {r.Value}")) + ")";
        var ended = o.NotEnded == 0 ? $"yes: {o.Paid + o.Cancelled} of {o.Accepted} paid or cancelled" : $"NO: {o.NotEnded} of {o.Accepted} still open";
        var lags = string.Join(", ", d.Saga.OutboxLag.Select(l => $"{l.Service} {Seconds(l.Lag?.P99Ms)}"));
        var s = d.Seen;
        List<string> lines =
        [
            "",
            "Report",
            Row("stock", $"{d.Stock} units"),
            Row("purchases accepted (202)", $"{o.Accepted}" + (resold > 0 ? $"   ({resold} more than the stock: units released by cancellations, sold again)" : "")),
            Row("sold-out answers (409)", $"{s.SoldOut}"),
            Row("rate-limited answers (429)", $"{s.RateLimited}"),
            Row("other answers", $"{s.OtherRefusals} refusals, {s.Failures} failures or timeouts"),
            Row("paid orders", $"{o.Paid}"),
            Row("cancelled orders", $"{o.Cancelled}{reasons}"),
            Row("left in stock", $"{d.FinalStock.AvailableInDatabase}   (sold {d.FinalStock.Sold}, released {d.FinalStock.Released}, held {d.FinalStock.Reserved})"),
            Row("every order terminal", ended),
            Row("oversold / lost / drift", $"{d.Invariants.Oversold} / {d.Invariants.Lost?.ToString(CultureInfo.InvariantCulture) ?? "?"} / {d.Invariants.Drift}"),
            Row("purchase call latency", Latency(d.PurchaseLatency, "calls")),
            Row("  of which the opening", Latency(d.OpeningLatency, "first calls, sent together")),
            Row("reservation → paid", Latency(d.Saga.ReservationToPaid, "paid orders", inSeconds: true)),
            Row("throughput", $"peak {d.PeakPurchaseAnswersPerSecond:0} purchase answers/s; {s.Requests} requests in {d.Seconds:0} s ({s.Requests / Math.Max(d.Seconds, 0.001):0}/s); {d.Saga.PaidPerSecond:0.#} orders settled/s"),
            Row("outbox relay lag, p99", lags),
        ];
        lines.AddRange(d.Checks.Where(c => !c.Passed).Select(c => $"  FAIL  {c.Name}: {c.Detail}"));
        lines.Add(d.Passed
            ? "DEMO PASSED: no unit oversold, every accepted purchase ended paid or cancelled, the stores agree"
            : "DEMO FAILED: see the FAIL lines above");
        return lines;
    }

    private static string Row(string name, FormattableString value) => $"  {name,-28}{value.ToString(CultureInfo.InvariantCulture)}";

    private static string Row(string name, string value) => $"  {name,-28}{value}";

    private static string Latency(LatencySummary? l, string what, bool inSeconds = false) => l is null
        ? "–"
        : inSeconds
            ? string.Create(CultureInfo.InvariantCulture, $"p50 {Seconds(l.P50Ms)}, p99 {Seconds(l.P99Ms)}, p99.9 {Seconds(l.P999Ms)} ({l.Count} {what})")
            : string.Create(CultureInfo.InvariantCulture, $"p50 {l.P50Ms:0.#} ms, p99 {l.P99Ms:0.#} ms, p99.9 {l.P999Ms:0.#} ms ({l.Count} {what})");

    private static string Seconds(double? ms) => ms is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v / 1000:0.0#} s") : "–";
}

using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Database;
using FlashSale.LoadDriver.Measurement;
using FlashSale.LoadDriver.Results;
using FlashSale.LoadDriver.Scenarios.Demo;
using FlashSale.LoadDriver.Shopping;
using FlashSale.LoadDriver.Verification;

namespace FlashSale.LoadDriver.Tests.Scenarios;

public sealed class DemoReportTests
{
    private static readonly SagaFigures Saga = new(340, 296, 44, 0, 30, 9.9,
        new LatencySummary(296, 2100, 3000, 4200, 5000, 5000), null, null, null,
        [new OutboxLag("inventory", 680, 0, new LatencySummary(680, 40, 90, 210, 400, 400)), new OutboxLag("order", 2000, 0, null)]);

    private static DemoOutcome Outcome(InvariantCounters counters, params CheckResult[] checks) => new(
        300,
        new StockView("5", 300, 4, 4, 0, 296, 44),
        new LiveSnapshot(14_000, 340, 9_500, 310, 0, 2, 296, 44),
        new OrderFacts(340, 296, 44, 0, 340),
        new Dictionary<string, int> { ["payment-deadline-passed"] = 30, ["insufficient-funds"] = 14 },
        counters,
        checks,
        new LatencySummary(10_152, 4.2, 20, 80.4, 210, 400),
        Saga,
        1_850,
        41.6)
    {
        OpeningLatency = new LatencySummary(1_000, 150, 200, 260.5, 270, 280),
    };

    [Fact]
    public void The_report_shows_stock_answers_orders_invariants_latency_and_throughput()
    {
        var lines = DemoReport.Render(Outcome(new InvariantCounters(0, 0, 0), new CheckResult("sale 5: quiet", true, "")));

        Assert.Contains("  stock                       300 units", lines);
        Assert.Contains("  purchases accepted (202)    340   (40 more than the stock: units released by cancellations, sold again)", lines);
        Assert.Contains("  sold-out answers (409)      9500", lines);
        Assert.Contains("  cancelled orders            44   (payment-deadline-passed: 30, insufficient-funds: 14)", lines);
        Assert.Contains("  left in stock               4   (sold 296, released 44, held 0)", lines);
        Assert.Contains("  every order terminal        yes: 340 of 340 paid or cancelled", lines);
        Assert.Contains("  oversold / lost / drift     0 / 0 / 0", lines);
        Assert.Contains("  purchase call latency       p50 4.2 ms, p99 80.4 ms, p99.9 210 ms (10152 calls)", lines);
        Assert.Contains("    of which the opening      p50 150 ms, p99 260.5 ms, p99.9 270 ms (1000 first calls, sent together)", lines);
        Assert.Contains("  reservation → paid          p50 2.1 s, p99 4.2 s, p99.9 5.0 s (296 paid orders)", lines);
        Assert.Contains("  throughput                  peak 1850 purchase answers/s; 14000 requests in 42 s (337/s); 9.9 orders settled/s", lines);
        Assert.Contains("  outbox relay lag, p99       inventory 0.21 s, order –", lines);
        Assert.StartsWith("DEMO PASSED", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_invariant_fails_the_demo_and_names_the_failed_check()
    {
        var failed = new CheckResult("sale 5: Redis agrees with PostgreSQL once quiet", false, "availableInCache 5, availableInDatabase 4");

        var outcome = Outcome(new InvariantCounters(0, 0, 1), failed);
        var lines = DemoReport.Render(outcome);

        Assert.False(outcome.Passed);
        Assert.Contains("  FAIL  sale 5: Redis agrees with PostgreSQL once quiet: availableInCache 5, availableInDatabase 4", lines);
        Assert.StartsWith("DEMO FAILED", lines[^1], StringComparison.Ordinal);
    }
}

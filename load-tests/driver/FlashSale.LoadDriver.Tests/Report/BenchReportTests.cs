using FlashSale.LoadDriver.Database;
using FlashSale.LoadDriver.Load;
using FlashSale.LoadDriver.Measurement;
using FlashSale.LoadDriver.Report;
using FlashSale.LoadDriver.Results;

namespace FlashSale.LoadDriver.Tests.Report;

public sealed class BenchReportTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    private static RunResult Run(int minute, string scenario, string subject, string answer, long count, double seconds = 10, CpuUsage? cpu = null) => new()
    {
        Scenario = scenario,
        Subject = subject,
        Model = "closed",
        StartedAt = At.AddMinutes(minute),
        MeasuredSeconds = seconds,
        Answers = new Dictionary<string, long> { [answer] = count },
        Cpu = cpu,
    };

    private static RunResult Latency(string subject, double rate, double p50, double p99, double p999) => new()
    {
        Scenario = ScenarioNames.Latency,
        Subject = subject,
        Model = "open",
        StartedAt = At,
        MeasuredSeconds = 10,
        Answers = new Dictionary<string, long> { [subject == "GET /api/time" ? "200" : "202"] = 1000 },
        Latency = new LatencySummary(1000, p50, p50, p99, p999, p999),
        Sender = new SenderStats(rate, 1000, 1000, 1024, 1.2, 0),
    };

    private static readonly CpuUsage Cpu = new(2, 1.9, [new("gateway", 0.6), new("inventory", 0.9), new(CpuWatch.DriverLabel, 1.5)], 0.1);

    private static readonly RunResult[] Runs =
    [
        Run(0, ScenarioNames.Baseline, "GET /api/time", "200", 50_000),
        Run(1, ScenarioNames.Admitted, "redis-lua", "202", 20_000, cpu: Cpu),
        Run(2, ScenarioNames.SoldOut, "redis-lua", "409 sold-out", 40_000),
        Run(3, ScenarioNames.Admitted, "postgres-row-lock", "202", 5_000),
        Run(4, ScenarioNames.SoldOut, "postgres-row-lock", "409 sold-out", 40_000),
        Run(5, ScenarioNames.Baseline, "GET /api/time", "200", 30_000),
        Latency("GET /api/time", 200, 2, 10, 20),
        Latency("redis-lua", 200, 4, 20, 40),
        Latency("postgres-row-lock", 200, 8, 80, 200),
    ];

    [Fact]
    public void Every_rate_is_a_ratio_to_the_mean_baseline_and_to_postgres_row_lock()
    {
        var report = BenchReport.Build("t", [], Runs, At);

        Assert.Equal([5000.0, 3000.0], report.BaselineRuns);
        var admitted = report.Throughput.Single(r => r.Figure == "admitted purchases/s" && r.Subject == "redis-lua");
        Assert.Equal((2000.0, 0.5, 4.0), (admitted.PerSecond, admitted.ToBaseline!.Value, admitted.ToReference!.Value));
        var soldOut = report.Throughput.Single(r => r.Figure == "sold-out rejections/s" && r.Subject == "postgres-row-lock");
        Assert.Equal((4000.0, 1.0, 1.0), (soldOut.PerSecond, soldOut.ToBaseline!.Value, soldOut.ToReference!.Value));
        Assert.Equal((4000.0, 1.0), (report.Throughput[0].PerSecond, report.Throughput[0].ToBaseline!.Value));
    }

    [Fact]
    public void A_figure_measured_while_the_machine_was_slower_is_compared_with_the_slower_baseline()
    {
        // Baselines of 6000/s and then 2000/s: sold-out ran at 3000/s in the slow half, row-lock at 6000/s
        // in the fast half. Both are half of the baseline around them: the same, once the drift is taken out.
        RunResult[] runs =
        [
            Run(0, ScenarioNames.Baseline, "GET /api/time", "200", 60_000),
            Run(1, ScenarioNames.SoldOut, "postgres-row-lock", "409 sold-out", 30_000),
            Run(2, ScenarioNames.Baseline, "GET /api/time", "200", 60_000),
            Run(3, ScenarioNames.Baseline, "GET /api/time", "200", 20_000),
            Run(4, ScenarioNames.SoldOut, "redis-lua", "409 sold-out", 10_000),
            Run(5, ScenarioNames.Baseline, "GET /api/time", "200", 20_000),
        ];

        var report = BenchReport.Build("t", [], runs, At);

        var lua = report.Throughput.Single(r => r.Subject == "redis-lua");
        Assert.Equal((1000.0, 2000.0, 0.5, 1.0), (lua.PerSecond, lua.BaselineAround!.Value, lua.ToBaseline!.Value, lua.ToReference!.Value));
        Assert.Equal(0.5, report.Throughput.Single(r => r.Subject == "postgres-row-lock").ToBaseline);
    }

    [Fact]
    public void With_ceiling_runs_every_rate_is_also_a_ratio_to_the_bare_pass_through_around_it()
    {
        // The bare YARP pass-through did 10,000/s before and after: the gateway's 5000 and 3000 are 0.4 of it on average.
        RunResult[] runs =
        [
            Run(0, ScenarioNames.Ceiling, "GET /api/time, bare YARP → Kestrel", "200", 100_000),
            .. Runs.Take(5), Settle(4, 40, new InvariantCounters(0, 0, 0)), Runs[5],
            Run(6, ScenarioNames.Ceiling, "GET /api/time, bare YARP → Kestrel", "200", 100_000),
        ];

        var report = BenchReport.Build("t", [], runs, At);

        Assert.Equal([10_000.0, 10_000.0], report.CeilingRuns);
        var ceiling = report.Throughput[0];
        Assert.Equal(("bare YARP pass-through requests/s", 10_000.0, 1.0), (ceiling.Figure, ceiling.PerSecond, ceiling.ToCeiling!.Value));
        Assert.Equal(0.4, report.Throughput.Single(r => r.Figure == "pass-through requests/s").ToCeiling);
        Assert.Equal(0.2, report.Throughput.Single(r => r.Figure == "admitted purchases/s" && r.Subject == "redis-lua").ToCeiling);
        Assert.Equal(0.004, Assert.Single(report.Settle).ToCeiling);
        var markdown = MarkdownReport.Render(report);
        Assert.Contains("| bare YARP pass-through requests/s | GET /api/time, bare YARP → Kestrel | 10000 | – | – | 1.00 | – | 0 | – |", markdown, StringComparison.Ordinal);
        Assert.Contains("| admitted purchases/s | redis-lua | 2000 | 4000 | 0.50 | 0.20 | 4.00 | 0 | inventory 0.90 cores |", markdown, StringComparison.Ordinal);
        Assert.Contains("ceiling runs, in order: 10000, 10000 requests/s", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_baseline_around_a_moment_is_the_mean_of_its_neighbours_or_the_one_there_is()
    {
        var timeline = new BaselineTimeline([(At.AddMinutes(10), 100), (At, 300), (At.AddMinutes(20), 500)]);

        Assert.Equal(300, timeline.Around(At.AddMinutes(-1)));
        Assert.Equal(200, timeline.Around(At.AddMinutes(5)));
        Assert.Equal(300, timeline.Around(At.AddMinutes(15)));
        Assert.Equal(500, timeline.Around(At.AddMinutes(25)));
        Assert.Equal([300.0, 100, 500], timeline.Values);
        Assert.Null(new BaselineTimeline([]).Around(At));
    }

    [Fact]
    public void The_busiest_process_is_named_without_counting_the_driver()
    {
        var report = BenchReport.Build("t", [], Runs, At);

        Assert.Equal("inventory 0.90 cores", report.Throughput.Single(r => r.Figure == "admitted purchases/s" && r.Subject == "redis-lua").Busiest);
    }

    [Fact]
    public void Latencies_are_ratios_to_the_baseline_and_to_postgres_row_lock_at_the_same_rate()
    {
        var report = BenchReport.Build("t", [], Runs, At);

        var lua = report.Latency.Single(r => r.Subject == "redis-lua");
        Assert.Equal(new LatencyRatios(2, 2, 2), lua.ToBaseline);
        Assert.Equal(new LatencyRatios(0.5, 0.25, 0.2), lua.ToReference);
        Assert.Null(report.Latency.Single(r => r.Subject == "GET /api/time").ToReference);
    }

    [Fact]
    public void The_markdown_shows_each_figure_with_its_ratios_and_the_notes()
    {
        var markdown = MarkdownReport.Render(BenchReport.Build("Purchase path benchmark", ["limits lifted"], Runs, At));

        Assert.Contains("| admitted purchases/s | redis-lua | 2000 | 4000 | 0.50 | – | 4.00 | 0 | inventory 0.90 cores |", markdown, StringComparison.Ordinal);
        Assert.Contains("| redis-lua | 200 | 4 | 20 | 40 | 40 | 2.00 / 2.00 / 2.00 | 0.50 / 0.25 / 0.20 |", markdown, StringComparison.Ordinal);
        Assert.Contains("- limits lifted", markdown, StringComparison.Ordinal);
        Assert.Contains("Baseline runs, in order: 5000, 3000 requests/s", markdown, StringComparison.Ordinal);
    }

    private static RunResult Settle(int minute, double paidPerSecond, InvariantCounters counters, params CheckResult[] checks) => new()
    {
        Scenario = ScenarioNames.Settle,
        Subject = "redis-lua",
        Model = "settle",
        StartedAt = At.AddMinutes(minute),
        MeasuredSeconds = 20,
        Answers = new Dictionary<string, long> { ["202"] = 1000 },
        Checks = checks,
        Invariants = counters,
        Saga = new SagaFigures(1000, 1000, 0, 0, 20, paidPerSecond, new LatencySummary(1000, 1500, 2500, 4000, 4500, 4600), null, null, null,
            [new OutboxLag("order", 6000, 0, new LatencySummary(6000, 12, 40, 90, 150, 200), HeldBack: 1500)], OrderReads: 5000)
        {
            Waits = new SagaWaits(40, [new SessionShare("flashsale_order", "idle in transaction", "Client:ClientRead", 12.5)], [new QueueDepth("order-saga", 310.5, 748)]),
        },
    };

    [Fact]
    public void Settled_orders_per_second_are_ratios_to_the_baseline_and_to_the_same_strategys_admissions()
    {
        // Baselines 5000/s and 3000/s around the settle run: 40/s is 0.01 of 4000; admitted redis-lua was 0.5 of its baseline.
        RunResult[] runs = [.. Runs.Take(5), Settle(4, 40, new InvariantCounters(0, 0, 0)), Runs[5]];

        var report = BenchReport.Build("t", [], runs, At);

        var settle = Assert.Single(report.Settle);
        Assert.Equal((4000.0, 0.01, 2000.0, 0.02), (settle.BaselineAround!.Value, settle.ToBaseline!.Value, settle.AdmittedPerSecond!.Value, settle.ToAdmitted!.Value));
        var markdown = MarkdownReport.Render(report);
        Assert.Contains("| redis-lua | 1000 | 1000 | 0 | 0 | 40 | 0.01 | – | 0.02 | 1.50 / 4.00 / 4.50 s | – | – | 250 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| order | 6000 | 1500 | 0 | 12 | 90 | 200 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| flashsale_order | idle in transaction | Client:ClientRead | 12.5 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| order-saga | 310.5 | 748 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpu_per_paid_order_counts_the_cpu_watch_s_own_window_not_only_the_settle_window()
    {
        // The watch ran 30 s (until the sale was quiet, follow-ups included) at 1.5 busy cores; the settle window was 20 s.
        var settle = Settle(4, 40, new InvariantCounters(0, 0, 0)) with { Cpu = new CpuUsage(2, 1.5, [], 0) { WindowSeconds = 30 } };

        var report = BenchReport.Build("t", [], [.. Runs.Take(5), settle, Runs[5]], At);

        Assert.Equal(0.045, Assert.Single(report.Settle).CpuPerPaidOrder);
    }

    [Fact]
    public void Correctness_sums_the_counters_of_every_run_and_lists_the_failed_checks()
    {
        var verify = new RunResult
        {
            Scenario = ScenarioNames.Verify,
            Subject = "9 sales",
            Model = "verify",
            StartedAt = At.AddMinutes(9),
            Checks = [new CheckResult("sale 3: Redis agrees with PostgreSQL once quiet", false, "availableInCache 7, availableInDatabase 5")],
            Invariants = new InvariantCounters(0, null, 2),
        };
        RunResult[] runs = [.. Runs, Settle(4, 40, new InvariantCounters(0, 0, 0), new CheckResult("sale 1: quiet", true, "")), verify];

        var report = BenchReport.Build("t", [], runs, At);
        var markdown = MarkdownReport.Render(report);

        Assert.Equal(new InvariantCounters(0, 0, 2), report.Invariants);
        Assert.Equal([(ScenarioNames.Settle, 0), (ScenarioNames.Verify, 1)], report.Correctness.Select(r => (r.Scenario, r.Failed.Count)));
        Assert.Contains("**oversold 0, lost 0, drift 2** (all must be 0); 1 failed checks: **FAIL**.", markdown, StringComparison.Ordinal);
        Assert.Contains("| verify | 9 sales | 0 | – | 2 | 1 | 1 |", markdown, StringComparison.Ordinal);
        Assert.Contains("- **FAIL** sale 3: Redis agrees with PostgreSQL once quiet: availableInCache 7, availableInDatabase 5", markdown, StringComparison.Ordinal);
    }
}

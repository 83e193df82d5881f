using FlashSale.LoadDriver.Load;
using FlashSale.LoadDriver.Measurement;
using FlashSale.LoadDriver.Results;
using FlashSale.LoadDriver.Scenarios.Baseline;

namespace FlashSale.LoadDriver.Report;

/// <summary>
/// One rate, with its ratios. ToBaseline divides by BaselineAround, the baseline measured around the figure's
/// runs; ToReference compares the two figures each divided by its own baseline, so drift between them cancels.
/// Others counts the answers that were not the figure's (should be ~0).
/// </summary>
public sealed record ThroughputRow(
    string Figure, string Subject, double PerSecond, double? BaselineAround, double? ToBaseline, double? ToReference, long Others, string? Busiest)
{
    /// <summary>The rate divided by the bare YARP pass-through (the ceiling) measured around its runs: what the physics allows.</summary>
    public double? ToCeiling { get; init; }
}

public sealed record LatencyRatios(double P50, double P99, double P999);

public sealed record LatencyRow(string Subject, double Rate, LatencySummary Latency, LatencyRatios? ToBaseline, LatencyRatios? ToReference, SenderStats? Sender, long Others);

public sealed record CpuRow(string Scenario, string Subject, CpuUsage Cpu);

/// <summary>
/// Orders settled per second for one subject, as a ratio to the baseline around it and to the same subject's
/// admitted purchases/s (both divided by their own baselines first): how much of what the gateway admits the
/// saga turns into paid orders.
/// </summary>
public sealed record SettleRow(string Subject, SagaFigures Saga, double? BaselineAround, double? ToBaseline, double? AdmittedPerSecond, double? ToAdmitted)
{
    /// <summary>CPU seconds the whole machine spent per paid order during the settle run (every process: services, servers, driver).</summary>
    public double? CpuPerPaidOrder { get; init; }

    /// <summary>Settled orders/s divided by the bare YARP pass-through measured around the run.</summary>
    public double? ToCeiling { get; init; }
}

/// <summary>A run that checked invariants: its counters (null for the spike, which checks answers, not counters) and its failed checks.</summary>
public sealed record CorrectnessRow(string Scenario, string Subject, InvariantCounters? Counters, int Checks, IReadOnlyList<CheckResult> Failed);

/// <summary>Everything the results files hold: the figures with their ratios, CPU per run, the spikes, and the raw runs.</summary>
public sealed record BenchReport(
    string Title,
    DateTimeOffset GeneratedAt,
    int MachineCores,
    IReadOnlyList<string> Notes,
    IReadOnlyList<double> BaselineRuns,
    IReadOnlyList<ThroughputRow> Throughput,
    IReadOnlyList<LatencyRow> Latency,
    IReadOnlyList<CpuRow> Cpu,
    IReadOnlyList<RunResult> Spikes,
    IReadOnlyList<RunResult> Runs)
{
    /// <summary>The ceiling runs (bare YARP pass-through) in time order; empty when the bench ran without them.</summary>
    public IReadOnlyList<double> CeilingRuns { get; init; } = [];

    public IReadOnlyList<SettleRow> Settle { get; init; } = [];

    public IReadOnlyList<CorrectnessRow> Correctness { get; init; } = [];

    /// <summary>Oversold, lost and drift summed over every run that counted them; all 0 or the bench failed.</summary>
    public InvariantCounters? Invariants { get; init; }

    public static BenchReport Build(string title, IReadOnlyList<string> notes, IReadOnlyList<RunResult> runs, DateTimeOffset now)
    {
        var baselines = new BaselineTimeline(runs.Where(r => r.Scenario == Figures.Baseline.Scenario)
            .Select(r => (r.StartedAt, r.PerSecond(Figures.Baseline.Answer))));

        var ceilings = new BaselineTimeline(runs.Where(r => r.Scenario == Figures.Ceiling.Scenario)
            .Select(r => (r.StartedAt, r.PerSecond(Figures.Ceiling.Answer))));
        double? ToCeiling(IEnumerable<RunResult> group, string answer) =>
            Round(Mean(group.Select(r => Divide(r.PerSecond(answer), ceilings.Around(r.StartedAt)))));

        var throughput = new List<ThroughputRow>();
        if (ceilings.Mean is { } ceilingMean)
        {
            throughput.Add(new ThroughputRow(Figures.Ceiling.Name, BaselineCommand.CeilingSubject, ceilingMean, null, null, null,
                runs.Where(r => r.Scenario == Figures.Ceiling.Scenario).Sum(r => Others(r, Figures.Ceiling.Answer)), null)
            { ToCeiling = 1.0 });
        }

        if (baselines.Mean is { } mean)
        {
            var baselineRuns = runs.Where(r => r.Scenario == Figures.Baseline.Scenario).ToList();
            throughput.Add(new ThroughputRow(Figures.Baseline.Name, BaselineCommand.Subject, mean, mean, 1.0, null,
                baselineRuns.Sum(r => Others(r, Figures.Baseline.Answer)), null)
            { ToCeiling = ToCeiling(baselineRuns, Figures.Baseline.Answer) });
        }

        foreach (var figure in Figures.PerStrategy)
        {
            var bySubject = runs.Where(r => r.Scenario == figure.Scenario).GroupBy(r => r.Subject).ToList();
            double? Normalised(IEnumerable<RunResult> group) => Mean(group.Select(r => Divide(r.PerSecond(figure.Answer), baselines.Around(r.StartedAt))));
            var reference = bySubject.FirstOrDefault(g => g.Key == Figures.ReferenceStrategy) is { } referenceRuns ? Normalised(referenceRuns) : null;
            throughput.AddRange(bySubject.Select(g =>
            {
                var normalised = Normalised(g);
                return new ThroughputRow(figure.Name, g.Key, g.Average(r => r.PerSecond(figure.Answer)), Mean(g.Select(r => baselines.Around(r.StartedAt))),
                    Round(normalised), normalised is { } n ? Round(Divide(n, reference)) : null, g.Sum(r => Others(r, figure.Answer)), Busiest(g.Last().Cpu))
                {
                    ToCeiling = ToCeiling(g, figure.Answer),
                };
            }));
        }

        var latencyRuns = runs.Where(r => r.Scenario == ScenarioNames.Latency && r.Latency is not null).ToList();
        var latency = latencyRuns.Select(r =>
        {
            var rate = r.Sender?.RatePerSecond ?? 0;
            var sameRate = latencyRuns.Where(o => o.Sender?.RatePerSecond == rate).ToList();
            var baselineRun = sameRate.FirstOrDefault(o => o.Subject == BaselineCommand.Subject);
            var referenceRun = r.Subject == BaselineCommand.Subject ? null : sameRate.FirstOrDefault(o => o.Subject == Figures.ReferenceStrategy);
            var expected = r.Subject == BaselineCommand.Subject ? "200" : "202";
            return new LatencyRow(r.Subject, rate, r.Latency!, Ratios(r.Latency!, baselineRun?.Latency), Ratios(r.Latency!, referenceRun?.Latency),
                r.Sender, Others(r, expected));
        }).ToList();

        var cpu = runs.Where(r => r.Cpu is not null).Select(r => new CpuRow(r.Scenario, r.Subject, r.Cpu!)).ToList();
        var spikes = runs.Where(r => r.Scenario == ScenarioNames.Spike).ToList();
        var counted = runs.Where(r => r.Invariants is not null).ToList();
        return new BenchReport(title, now, Environment.ProcessorCount, notes, baselines.Values.Select(v => Math.Round(v, 1)).ToList(),
            throughput, latency, cpu, spikes, runs)
        {
            CeilingRuns = ceilings.Values.Select(v => Math.Round(v, 1)).ToList(),
            Settle = SettleRows(runs, baselines, ceilings),
            Correctness = runs.Where(r => r.Invariants is not null || r.Checks.Count > 0)
                .Select(r => new CorrectnessRow(r.Scenario, r.Subject, r.Invariants, r.Checks.Count, r.Checks.Where(c => !c.Passed).ToList())).ToList(),
            Invariants = counted.Count > 0 ? InvariantCounters.Sum(counted.Select(r => r.Invariants!)) : null,
        };
    }

    private static List<SettleRow> SettleRows(IReadOnlyList<RunResult> runs, BaselineTimeline baselines, BaselineTimeline ceilings)
    {
        var admitted = Figures.PerStrategy.Single(f => f.Scenario == ScenarioNames.Admitted);
        return runs.Where(r => r.Scenario == ScenarioNames.Settle && r.Saga is not null).Select(r =>
        {
            var around = baselines.Around(r.StartedAt);
            var normalised = Divide(r.Saga!.PaidPerSecond, around);
            var admittedRuns = runs.Where(a => a.Scenario == admitted.Scenario && a.Subject == r.Subject).ToList();
            var admittedNormalised = Mean(admittedRuns.Select(a => Divide(a.PerSecond(admitted.Answer), baselines.Around(a.StartedAt))));
            return new SettleRow(r.Subject, r.Saga, around, Round(normalised),
                admittedRuns.Count > 0 ? Math.Round(admittedRuns.Average(a => a.PerSecond(admitted.Answer)), 1) : null,
                normalised is { } n ? Round(Divide(n, admittedNormalised)) : null)
            {
                // Over the CPU watch's own window (until the sale is quiet, follow-ups included); older results lack it.
                CpuPerPaidOrder = r.Cpu is { } cpu && r.Saga.Paid > 0
                    ? Math.Round(cpu.MachineBusyCores * (cpu.WindowSeconds > 0 ? cpu.WindowSeconds : r.MeasuredSeconds) / r.Saga.Paid, 4)
                    : null,
                ToCeiling = Round(Divide(r.Saga.PaidPerSecond, ceilings.Around(r.StartedAt))),
            };
        }).ToList();
    }

    private static long Others(RunResult run, string expected) => run.Answers.Where(a => a.Key != expected).Sum(a => a.Value);

    private static double? Ratio(double value, double? reference) => reference is > 0 ? Math.Round(value / reference.Value, 3) : null;

    private static double? Divide(double value, double? reference) => reference is > 0 ? value / reference.Value : null;

    private static double? Mean(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().ToList();
        return present.Count > 0 ? present.Average() : null;
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;

    private static LatencyRatios? Ratios(LatencySummary value, LatencySummary? reference) =>
        reference is null || reference.P50Ms <= 0 || reference.P99Ms <= 0 || reference.P999Ms <= 0
            ? null
            : new LatencyRatios(Math.Round(value.P50Ms / reference.P50Ms, 2), Math.Round(value.P99Ms / reference.P99Ms, 2),
                Math.Round(value.P999Ms / reference.P999Ms, 2));

    private static string? Busiest(CpuUsage? cpu) =>
        cpu?.Processes.Where(p => p.Label != CpuWatch.DriverLabel).MaxBy(p => p.Cores) is { } top ? $"{top.Label} {top.Cores:F2} cores" : null;
}

using FlashSale.LoadDriver.Load;
using FlashSale.LoadDriver.Measurement;

namespace FlashSale.LoadDriver.Results;

/// <summary>The scenarios a run can be, as written to its result file and read by the report.</summary>
public static class ScenarioNames
{
    public const string Baseline = "baseline";
    public const string Ceiling = "ceiling";
    public const string Admitted = "admitted";
    public const string SoldOut = "sold-out";
    public const string SaleView = "sale-view";
    public const string Tokens = "tokens";
    public const string TokensProofOfWork = "tokens-proof-of-work";
    public const string Latency = "latency";
    public const string Spike = "spike";
    public const string Settle = "settle";
    public const string Demo = "demo";
    public const string Verify = "verify";
}

/// <summary>One check of a verifying run (the spike): what was required, whether it held, what was seen.</summary>
public sealed record CheckResult(string Name, bool Passed, string Detail);

/// <summary>
/// One run of the driver, as written by --out: enough to compute every figure of the report and to see
/// how it was measured (settings, answers by kind, latency, the sender's punctuality, CPU per process).
/// </summary>
public sealed record RunResult
{
    public required string Scenario { get; init; }

    /// <summary>What was measured: "GET /api/time", or the stock strategy the inventory host ran.</summary>
    public required string Subject { get; init; }

    /// <summary>closed, open or spike.</summary>
    public required string Model { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public double MeasuredSeconds { get; init; }

    /// <summary>Answers by kind ("202", "409 sold-out", "0 timeout").</summary>
    public IReadOnlyDictionary<string, long> Answers { get; init; } = new Dictionary<string, long>();

    public LatencySummary? Latency { get; init; }

    public SenderStats? Sender { get; init; }

    public CpuUsage? Cpu { get; init; }

    /// <summary>Answers by kind per second of the measured window (closed-model runs).</summary>
    public IReadOnlyDictionary<string, long[]>? Timeline { get; init; }

    /// <summary>Paid orders over time (settle): [seconds since the first reservation, orders paid by then], at most 100 points.</summary>
    public IReadOnlyList<double[]>? SettleProgress { get; init; }

    public IReadOnlyList<CheckResult> Checks { get; init; } = [];

    /// <summary>Oversold / lost / drift after the run (settle, demo, verify).</summary>
    public InvariantCounters? Invariants { get; init; }

    /// <summary>Orders settled end to end and the outbox lag meanwhile (settle, demo).</summary>
    public SagaFigures? Saga { get; init; }

    public long Count(string answer) => Answers.GetValueOrDefault(answer);

    public double PerSecond(string answer) => MeasuredSeconds > 0 ? Count(answer) / MeasuredSeconds : 0;

    public static RunResult From(string scenario, string subject, string model, DateTimeOffset startedAt,
        IReadOnlyDictionary<string, string> settings, LoadResult load) => new()
        {
            Scenario = scenario,
            Subject = subject,
            Model = model,
            StartedAt = startedAt,
            Settings = settings,
            MeasuredSeconds = Math.Round(load.MeasuredSeconds, 3),
            Answers = load.Answers.ToDictionary(),
            Latency = load.Latency,
            Sender = load.Sender,
            Cpu = load.Cpu,
            Timeline = load.Timeline,
        };
}

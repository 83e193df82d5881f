using System.Globalization;
using FlashSale.LoadDriver.Measurement;
using FlashSale.LoadDriver.Results;

namespace FlashSale.LoadDriver.Scenarios.Common;

/// <summary>The human summary of a run on stdout (the JSON file is for the report).</summary>
public static class Printer
{
    public static void Run(RunResult result, string headline)
    {
        var o = Console.Out;
        o.WriteLine(headline);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  measured {result.MeasuredSeconds:F1} s, answers:"));
        foreach (var (answer, count) in result.Answers)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {answer,-24} {count,9}  {result.PerSecond(answer),9:F0}/s"));
        }

        if (result.Latency is { } l)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  latency ms: p50 {l.P50Ms}  p90 {l.P90Ms}  p99 {l.P99Ms}  p99.9 {l.P999Ms}  max {l.MaxMs}  ({l.Count} requests)"));
        }

        if (result.Sender is { } s)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  sender: {s.RatePerSecond}/s scheduled {s.Scheduled}, completed {s.Completed}, max lag {s.MaxLagMs} ms, {s.SentOver10MsLate} sent >10 ms late (cap {s.MaxInFlight} in flight)"));
        }

        if (result.Cpu is { } cpu)
        {
            var parts = string.Join("  ", cpu.Processes.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Label} {p.Cores:F2}")));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  cpu (cores of {cpu.MachineCores}): machine busy {cpu.MachineBusyCores:F2}  {parts}  others {cpu.OthersCores:F2}"));
        }
    }

    public static void Checks(IEnumerable<CheckResult> checks)
    {
        Console.Out.WriteLine("  checks:");
        foreach (var check in checks)
        {
            Console.Out.WriteLine($"    {(check.Passed ? "PASS" : "FAIL")}  {check.Name}: {check.Detail}");
        }
    }

    public static string Invariants(InvariantCounters c) =>
        $"oversold {c.Oversold}, lost {c.Lost?.ToString(CultureInfo.InvariantCulture) ?? "not checked"}, drift {c.Drift}";

    public static string Latency(LatencySummary? l, string unit = "ms", double scale = 1) => l is null
        ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {l.P50Ms / scale:0.###} {unit}, p99 {l.P99Ms / scale:0.###} {unit}, p99.9 {l.P999Ms / scale:0.###} {unit}, max {l.MaxMs / scale:0.###} {unit} ({l.Count})");

    /// <summary>Warns when answers other than the expected ones (or any 5xx) make the figure doubtful.</summary>
    public static void WarnUnexpected(RunResult result, params string[] expected)
    {
        var unexpected = result.Answers.Where(a => !expected.Contains(a.Key)).Sum(a => a.Value);
        if (unexpected > 0)
        {
            Console.Error.WriteLine($"warning: {unexpected} answers other than {string.Join(" / ", expected)}: see the list above");
        }
    }

    public static Dictionary<string, string> Settings(params (string Key, object Value)[] settings) =>
        settings.ToDictionary(s => s.Key, s => Convert.ToString(s.Value, CultureInfo.InvariantCulture)!, StringComparer.Ordinal);

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}

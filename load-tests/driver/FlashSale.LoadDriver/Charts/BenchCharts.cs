using System.Globalization;
using System.Text;
using FlashSale.LoadDriver.Results;

namespace FlashSale.LoadDriver.Charts;

/// <summary>
/// The bench's charts, written next to its markdown as &lt;out&gt;-throughput.svg, -latency.svg and -settle.svg: answers per
/// second through each closed run, latency percentiles at each fixed rate, and orders paid over time in the settle run.
/// </summary>
public static class BenchCharts
{
    /// <summary>Writes the charts there is data for; returns the markdown that shows them (empty without any).</summary>
    public static async Task<string> WriteAsync(string output, IReadOnlyList<RunResult> runs, CancellationToken ct)
    {
        var charts = new List<(string Suffix, string Caption, string Svg)>();
        if (Throughput(runs) is { } throughput)
        {
            charts.Add(("throughput", "Answers per second through each closed-model run (its most frequent answer)", throughput));
        }

        if (Latency(runs) is { } latency)
        {
            charts.Add(("latency", "Latency at fixed arrival rates (open model)", latency));
        }

        if (Settle(runs) is { } settle)
        {
            charts.Add(("settle", "Orders paid over time in the settle run", settle));
        }

        var markdown = new StringBuilder();
        if (charts.Count > 0)
        {
            markdown.Append("\n## Charts\n\n");
        }

        foreach (var (suffix, caption, svg) in charts)
        {
            var path = $"{output}-{suffix}.svg";
            await File.WriteAllTextAsync(path, svg, ct);
            markdown.Append(CultureInfo.InvariantCulture, $"![{caption}]({Path.GetFileName(path)})\n\n");
        }

        return markdown.ToString();
    }

    public static string? Throughput(IReadOnlyList<RunResult> runs)
    {
        var lines = runs.Where(r => r.Timeline is { Count: > 0 })
            .Select(r =>
            {
                var (answer, counts) = r.Timeline!.MaxBy(t => t.Value.Sum());
                return new LineSeries($"{r.Scenario} {Short(r.Subject)}: {answer}",
                    counts.Select((count, second) => ((double)second + 1, (double)count)).ToList());
            })
            .ToList();
        return lines.Count == 0 ? null : SvgChart.Lines("Answers per second, closed model", "second of the measured window", "answers/s", lines);
    }

    public static string? Latency(IReadOnlyList<RunResult> runs)
    {
        var open = runs.Where(r => r.Scenario == ScenarioNames.Latency && r.Latency is not null).ToList();
        if (open.Count == 0)
        {
            return null;
        }

        var groups = open.Select(r => $"{Short(r.Subject)} @{r.Settings.GetValueOrDefault("rate", "?")}/s").ToList();
        return SvgChart.Bars("Latency at a fixed arrival rate", "ms", groups,
        [
            new BarSeries("p50", open.Select(r => (double?)r.Latency!.P50Ms).ToList()),
            new BarSeries("p99", open.Select(r => (double?)r.Latency!.P99Ms).ToList()),
            new BarSeries("p99.9", open.Select(r => (double?)r.Latency!.P999Ms).ToList()),
        ]);
    }

    public static string? Settle(IReadOnlyList<RunResult> runs)
    {
        var lines = runs.Where(r => r.SettleProgress is { Count: > 1 })
            .Select(r => new LineSeries($"{Short(r.Subject)}: paid orders", r.SettleProgress!.Select(p => (p[0], p[1])).ToList()))
            .ToList();
        return lines.Count == 0 ? null : SvgChart.Lines("Settle: orders paid since the first reservation", "seconds since the first reservation", "orders paid", lines);
    }

    private static string Short(string subject) => subject.Length <= 24 ? subject : subject[..23] + "…";
}

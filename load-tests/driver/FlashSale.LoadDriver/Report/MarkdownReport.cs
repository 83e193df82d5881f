using System.Globalization;
using System.Text;
using FlashSale.LoadDriver.Measurement;
using static FlashSale.LoadDriver.Report.MarkdownText;

namespace FlashSale.LoadDriver.Report;

/// <summary>The results file people read: the figures with their ratios, then how they were measured.</summary>
public static class MarkdownReport
{
    public static string Render(BenchReport report)
    {
        var md = new StringBuilder();
        Line(md, $"# {report.Title}");
        Line(md, "");
        Line(md, $"Generated {report.GeneratedAt:yyyy-MM-dd HH:mm} UTC on a {report.MachineCores}-core machine, everything on it (system, servers, load driver, other work).");
        Line(md, "Figures from one run are comparable with each other only: read the ratios.");
        Line(md, "");
        SagaMarkdown.Correctness(md, report);
        Throughput(md, report);
        Latency(md, report);
        SagaMarkdown.Settle(md, report);
        Cpu(md, report);
        Spikes(md, report);
        if (report.Notes.Count > 0)
        {
            Line(md, "## How it was run");
            Line(md, "");
            foreach (var note in report.Notes)
            {
                Line(md, $"- {note}");
            }

            Line(md, "");
        }

        return md.ToString();
    }

    private static void Throughput(StringBuilder md, BenchReport report)
    {
        if (report.Throughput.Count == 0)
        {
            return;
        }

        Line(md, "## Throughput (closed model)");
        Line(md, "");
        Line(md, "| figure | subject | per second | baseline around it | × baseline | × bare YARP | × postgres-row-lock | other answers | busiest process |");
        Line(md, "|---|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var row in report.Throughput)
        {
            Line(md, $"| {row.Figure} | {row.Subject} | {row.PerSecond:F0} | {(row.BaselineAround is { } around ? around.ToString("F0", CultureInfo.InvariantCulture) : "–")} | {Ratio(row.ToBaseline)} | {Ratio(row.ToCeiling)} | {Ratio(row.ToReference)} | {row.Others} | {row.Busiest ?? "–"} |");
        }

        Line(md, "");
        Line(md, $"Baseline runs, in order: {string.Join(", ", report.BaselineRuns.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} requests/s (the first row is their mean); their spread is this machine's drift.");
        Line(md, "Each figure is divided by the mean of the baseline runs just before and after it (\"baseline around it\"); × postgres-row-lock compares two figures each divided so, which cancels the drift between them.");
        if (report.CeilingRuns.Count > 0)
        {
            Line(md, $"× bare YARP divides each figure by the ceiling measured around it the same way: the same GET /api/time through a bare YARP pass-through in front of a trivial Kestrel endpoint, two processes as gateway → service, nothing else on the path (`tools/FlashSale.Ceiling`); ceiling runs, in order: {string.Join(", ", report.CeilingRuns.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} requests/s. The baseline row's × bare YARP is what the gateway's own work (auth, limits, telemetry) and inventory's leave of the ceiling.");
        }

        Line(md, "");
    }

    private static void Latency(StringBuilder md, BenchReport report)
    {
        if (report.Latency.Count == 0)
        {
            return;
        }

        Line(md, "## Latency at a fixed arrival rate (open model, from each request's scheduled start)");
        Line(md, "");
        Line(md, "Ratios are to GET /api/time and to postgres-row-lock at the same rate. With fewer than 1000 requests, p99.9 is the maximum.");
        Line(md, "");
        Line(md, "| subject | rate/s | p50 ms | p99 ms | p99.9 ms | max ms | p50 / p99 / p99.9 × baseline | × postgres-row-lock | other answers | sender max lag ms |");
        Line(md, "|---|---:|---:|---:|---:|---:|---|---|---:|---:|");
        foreach (var row in report.Latency)
        {
            var l = row.Latency;
            Line(md, $"| {row.Subject} | {row.Rate:0.#} | {l.P50Ms} | {l.P99Ms} | {l.P999Ms} | {l.MaxMs} | {Ratios(row.ToBaseline)} | {Ratios(row.ToReference)} | {row.Others} | {row.Sender?.MaxLagMs.ToString(CultureInfo.InvariantCulture) ?? "–"} |");
        }

        Line(md, "");
    }

    private static void Cpu(StringBuilder md, BenchReport report)
    {
        if (report.Cpu.Count == 0)
        {
            return;
        }

        var labels = report.Cpu.SelectMany(r => r.Cpu.Processes.Select(p => p.Label)).Distinct().ToList();
        Line(md, "## CPU during each measured window (cores busy; 1.00 = one core)");
        Line(md, "");
        Line(md, $"| run | subject | machine busy (of {report.MachineCores}) | {string.Join(" | ", labels)} | others |");
        Line(md, $"|---|---|---:|{string.Concat(labels.Select(_ => "---:|"))}---:|");
        foreach (var row in report.Cpu)
        {
            var cells = labels.Select(label => row.Cpu.Processes.FirstOrDefault(p => p.Label == label)?.Cores.ToString("F2", CultureInfo.InvariantCulture) ?? "–");
            Line(md, $"| {row.Scenario} | {row.Subject} | {row.Cpu.MachineBusyCores:F2} | {string.Join(" | ", cells)} | {row.Cpu.OthersCores:F2} |");
        }

        Line(md, "");
        Line(md, $"\"{CpuWatch.DriverLabel}\" is this driver; \"others\" is CPU no watched process used (builds and tests of other work on the machine).");
        Line(md, "");
    }

    private static void Spikes(StringBuilder md, BenchReport report)
    {
        foreach (var spike in report.Spikes)
        {
            var s = spike.Settings;
            Line(md, $"## Spike ({spike.Subject}): stock {s.GetValueOrDefault("stock")}, {s.GetValueOrDefault("users")} shoppers × {s.GetValueOrDefault("attempts")} attempts, per-user limit {s.GetValueOrDefault("perUserLimit")}");
            Line(md, "");
            Line(md, $"{spike.Answers.Values.Sum()} attempts in {spike.MeasuredSeconds:F1} s from {s.GetValueOrDefault("clientAddresses")} client address(es):");
            Line(md, "");
            Line(md, "| answer | count |");
            Line(md, "|---|---:|");
            foreach (var (answer, count) in spike.Answers)
            {
                Line(md, $"| {answer} | {count} |");
            }

            Line(md, "");
            Line(md, "| check | result | seen |");
            Line(md, "|---|---|---|");
            foreach (var check in spike.Checks)
            {
                Line(md, $"| {check.Name} | {(check.Passed ? "pass" : "**FAIL**")} | {check.Detail} |");
            }

            Line(md, "");
        }
    }

    private static string Ratios(LatencyRatios? r) =>
        r is null ? "–" : string.Create(CultureInfo.InvariantCulture, $"{r.P50:F2} / {r.P99:F2} / {r.P999:F2}");

}

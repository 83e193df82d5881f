using System.Text.Json;
using FlashSale.LoadDriver.Charts;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Results;

namespace FlashSale.LoadDriver.Report;

/// <summary>
/// Turns the result files of one bench run into the results pair: &lt;out&gt;.md for people, &lt;out&gt;.json for tools,
/// and the SVG charts the markdown shows (<see cref="BenchCharts"/>).
/// </summary>
public sealed class ReportCommand : ICommand
{
    public string Name => "report";

    public string Summary => "combine the result files of one run into <out>.md and <out>.json, every figure with its ratios";

    public IReadOnlyList<OptionSpec> Options =>
    [
        new("in", "folder of result files (--out of the other commands)"),
        new("out", "path of the results without extension, e.g. load-tests/results/2026-01-31"),
        new("title", "heading of the report", "Purchase path benchmark"),
        OptionSpec.Many("note", "a line for the \"How it was run\" section"),
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        var input = options.Text("in");
        if (!Directory.Exists(input))
        {
            throw new UsageException($"--in: no folder {input}");
        }

        var runs = await ResultFiles.ReadAllAsync(input, ct);
        if (runs.Count == 0)
        {
            throw new UsageException($"--in: no result files (*.json) in {input}");
        }

        var report = BenchReport.Build(options.Text("title"), options.All("note"), runs.OrderBy(r => r.StartedAt).ToList(), DateTimeOffset.UtcNow);
        var output = options.Text("out");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var markdown = MarkdownReport.Render(report) + await BenchCharts.WriteAsync(output, runs, ct);
        await File.WriteAllTextAsync(output + ".md", markdown, ct);
        await File.WriteAllTextAsync(output + ".json", JsonSerializer.Serialize(report, ResultFiles.Json) + "\n", ct);
        Console.Out.Write(markdown);
        Console.Error.WriteLine($"wrote {output}.md and {output}.json");
        return 0;
    }
}

using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Load;
using FlashSale.LoadDriver.Results;

namespace FlashSale.LoadDriver.Scenarios.Common;

/// <summary>
/// The closed-model window every throughput command measures in (connections, warm-up, duration), and the step
/// each ends with: run the loop, print the run, write its result file.
/// </summary>
public sealed record ClosedRun(int Connections, TimeSpan Warmup, TimeSpan Duration)
{
    public static readonly OptionSpec ConnectionsOption = new("connections", "concurrent connections, each sending its next request when answered", "64");

    public static IReadOnlyList<OptionSpec> Options => [ConnectionsOption, CommonOptions.Warmup, CommonOptions.Duration, CommonOptions.Watch];

    public static ClosedRun From(ParsedOptions options) => new(
        options.WholeNumber(ConnectionsOption.Name, 1, 10_000),
        options.Duration(CommonOptions.Warmup.Name),
        options.Duration(CommonOptions.Duration.Name, TimeSpan.FromSeconds(1)));

    public async Task<int> MeasureAsync(
        Target target, ParsedOptions options, HttpMessageInvoker client, IRequestSource requests, (string Scenario, string Subject) what,
        string headline, string expectedAnswer, IEnumerable<(string Key, object Value)> settings, CancellationToken ct)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var load = await ClosedLoop.RunAsync(client, requests, Connections, Warmup, Duration, target.Timeout, Target.Watch(options), ct);
        var result = RunResult.From(what.Scenario, what.Subject, "closed", startedAt,
            Printer.Settings([("connections", Connections), ("warmupSeconds", Printer.Seconds(Warmup)), ("durationSeconds", Printer.Seconds(Duration)), .. settings]),
            load);
        Printer.Run(result, headline);
        Printer.WarnUnexpected(result, expectedAnswer);
        await ResultFiles.WriteAsync(target.OutPath, result, ct);
        return 0;
    }
}

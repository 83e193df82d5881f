using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Load;
using FlashSale.LoadDriver.Results;
using FlashSale.LoadDriver.Scenarios.Common;

namespace FlashSale.LoadDriver.Scenarios.Baseline;

/// <summary>
/// The pass-through baseline: GET /api/time through the gateway (YARP → Kestrel, a trivial endpoint),
/// closed model. Every purchase figure is divided by this one, measured the same way in the same run.
/// With --through ceiling the same request goes through the bench's bare YARP pass-through instead
/// (tools/FlashSale.Ceiling): the physical ceiling of a proxy hop, which the gateway itself is measured against.
/// </summary>
public sealed class BaselineCommand : ICommand
{
    public const string Subject = "GET /api/time";

    public const string CeilingSubject = "GET /api/time, bare YARP → Kestrel";

    public string Name => "baseline";

    public string Summary => "requests/s of GET /api/time through the gateway (closed model): the pass-through baseline";

    public IReadOnlyList<OptionSpec> Options =>
    [
        .. CommonOptions.Target,
        new("connections", "concurrent connections, each sending its next request when answered", "64"),
        new("through", "gateway: the FlashSale gateway at --gateway (the baseline); ceiling: the bench's bare YARP pass-through at --gateway", "gateway"),
        CommonOptions.Warmup, CommonOptions.Duration, CommonOptions.Watch,
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        using var target = Target.From(options);
        var connections = options.WholeNumber("connections", 1, 10_000);
        var warmup = options.Duration(CommonOptions.Warmup.Name);
        var duration = options.Duration(CommonOptions.Duration.Name, TimeSpan.FromSeconds(1));
        var ceiling = options.Text("through") switch
        {
            "gateway" => false,
            "ceiling" => true,
            var other => throw new UsageException($"--through is gateway or ceiling, not '{other}'"),
        };
        var (scenario, subject) = ceiling ? (ScenarioNames.Ceiling, CeilingSubject) : (ScenarioNames.Baseline, Subject);
        var startedAt = DateTimeOffset.UtcNow;

        using var client = LoadHttp.Create(connections);
        var load = await ClosedLoop.RunAsync(client, new ServerTimeRequests(target.Gateway), connections, warmup, duration,
            target.Timeout, Target.Watch(options), ct);

        var result = RunResult.From(scenario, subject, "closed", startedAt,
            Printer.Settings(("connections", connections), ("warmupSeconds", Printer.Seconds(warmup)), ("durationSeconds", Printer.Seconds(duration))),
            load);
        Printer.Run(result, $"{scenario}: {subject} through {target.Gateway}, {connections} connections");
        Printer.WarnUnexpected(result, "200");
        await ResultFiles.WriteAsync(target.OutPath, result, ct);
        return 0;
    }
}

using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Http;
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
        new("through", "gateway: the FlashSale gateway at --gateway (the baseline); ceiling: the bench's bare YARP pass-through at --gateway", "gateway"),
        .. ClosedRun.Options,
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        using var target = Target.From(options);
        var run = ClosedRun.From(options);
        var ceiling = options.Text("through") switch
        {
            "gateway" => false,
            "ceiling" => true,
            var other => throw new UsageException($"--through is gateway or ceiling, not '{other}'"),
        };
        var (scenario, subject) = ceiling ? (ScenarioNames.Ceiling, CeilingSubject) : (ScenarioNames.Baseline, Subject);
        using var client = LoadHttp.Create(run.Connections);
        return await run.MeasureAsync(target, options, client, new ServerTimeRequests(target.Gateway), (scenario, subject),
            $"{scenario}: {subject} through {target.Gateway}, {run.Connections} connections", "200", [], ct);
    }
}

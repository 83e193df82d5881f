using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Load;
using FlashSale.LoadDriver.Results;
using FlashSale.LoadDriver.Scenarios.Common;
using FlashSale.LoadDriver.Scenarios.Throughput;

namespace FlashSale.LoadDriver.Scenarios.SaleView;

/// <summary>
/// Cached sale views per second: GET /api/sales/{id} of one open sale through the gateway, closed model, as the
/// storefront's sale page reads it (anonymous; inventory answers from its Redis cache after the first read).
/// </summary>
public sealed class SaleViewCommand : ICommand
{
    public string Name => "sale-view";

    public string Summary => "cached sale views/s: GET /api/sales/{id} through the gateway (closed model)";

    public IReadOnlyList<OptionSpec> Options =>
    [
        .. CommonOptions.Target,
        new("connections", "concurrent connections, each sending its next request when answered", "64"),
        new("label", "what the inventory runs, e.g. its stock strategy", "unlabelled"),
        CommonOptions.Warmup, CommonOptions.Duration, CommonOptions.Watch,
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        using var target = Target.From(options);
        var connections = options.WholeNumber("connections", 1, 10_000);
        var warmup = options.Duration(CommonOptions.Warmup.Name);
        var duration = options.Duration(CommonOptions.Duration.Name, TimeSpan.FromSeconds(1));
        var label = options.Text("label");
        var saleId = await target.Api.CreateSaleAsync(PurchaseSales.Spec(Shoppers.RunTag(), "sale view", 1000, 1), ct);
        var startedAt = DateTimeOffset.UtcNow;

        using var client = LoadHttp.Create(connections);
        var load = await ClosedLoop.RunAsync(client, new SaleViewRequests(target.Gateway, saleId), connections, warmup, duration,
            target.Timeout, Target.Watch(options), ct);

        var result = RunResult.From(ScenarioNames.SaleView, label, "closed", startedAt,
            Printer.Settings(("saleId", saleId), ("connections", connections), ("warmupSeconds", Printer.Seconds(warmup)),
                ("durationSeconds", Printer.Seconds(duration))),
            load);
        Printer.Run(result, $"sale view ({label}): GET /api/sales/{saleId} through {target.Gateway}, {connections} connections");
        Printer.WarnUnexpected(result, "200");
        await ResultFiles.WriteAsync(target.OutPath, result, ct);
        return 0;
    }
}

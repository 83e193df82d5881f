using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Http;
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
        new("label", "what the inventory runs, e.g. its stock strategy", "unlabelled"),
        .. ClosedRun.Options,
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        using var target = Target.From(options);
        var run = ClosedRun.From(options);
        var label = options.Text("label");
        var saleId = await target.Api.CreateSaleAsync(PurchaseSales.Spec(Shoppers.RunTag(), "sale view", 1000, 1), ct);
        using var client = LoadHttp.Create(run.Connections);
        return await run.MeasureAsync(target, options, client, new SaleViewRequests(target.Gateway, saleId), (ScenarioNames.SaleView, label),
            $"sale view ({label}): GET /api/sales/{saleId} through {target.Gateway}, {run.Connections} connections", "200", [("saleId", saleId)], ct);
    }
}

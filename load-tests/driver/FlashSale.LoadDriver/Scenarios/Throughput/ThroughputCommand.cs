using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Load;
using FlashSale.LoadDriver.Results;
using FlashSale.LoadDriver.Scenarios.Common;

namespace FlashSale.LoadDriver.Scenarios.Throughput;

/// <summary>
/// Purchases per second through the gateway, closed model. "admitted": a sale that cannot run out, so
/// every purchase is a reservation (202); "sold-out": a sale bought out before the run, so every purchase
/// is a rejection (409 sold-out). Shoppers are many, so the gateway's per-user limit stays out of the way.
/// </summary>
public sealed class ThroughputCommand : ICommand
{
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        [ScenarioNames.Admitted] = "202",
        [ScenarioNames.SoldOut] = "409 sold-out",
    };

    public string Name => "throughput";

    public string Summary => "admitted purchases/s or sold-out rejections/s through the gateway (closed model)";

    public IReadOnlyList<OptionSpec> Options =>
    [
        .. CommonOptions.Target,
        new("answer", "admitted (a sale that cannot sell out) or sold-out (a sale bought out first)", "admitted"),
        new("label", "what the inventory runs, e.g. its stock strategy: names the figure in the report", "unlabelled"),
        new("shoppers", "distinct shoppers taken in turn; enough that none exceeds the gateway's per-user limit", "6000"),
        .. ClosedRun.Options,
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        using var target = Target.From(options);
        var kind = options.Choice("answer", Kinds.Keys.ToDictionary(k => k, k => k));
        var label = options.Text("label");
        var run = ClosedRun.From(options);
        var shopperCount = options.WholeNumber("shoppers", 1, 1_000_000);
        var runTag = Shoppers.RunTag();

        var spec = kind == ScenarioNames.Admitted ? PurchaseSales.Unlimited(runTag) : PurchaseSales.SingleUnit(runTag);
        var saleId = await target.Api.CreateSaleAsync(spec, ct);
        using var client = LoadHttp.Create(run.Connections);
        var shoppers = await Shoppers.PrepareAsync(target.Api, [client], saleId, runTag, shopperCount, 1, 64, ct);
        var requests = new PurchaseRequests(target.Gateway, saleId, shoppers, runTag);
        if (kind == ScenarioNames.SoldOut)
        {
            await BuyTheOnlyUnitAsync(target, saleId, runTag, ct);
        }

        Shoppers.EnsureTokensOutlast(shoppers, run.Warmup + run.Duration, TimeProvider.System);
        return await run.MeasureAsync(target, options, client, requests, (kind, label),
            $"{kind} purchases ({label}): sale {saleId} through {target.Gateway}, {run.Connections} connections, {shopperCount} shoppers", Kinds[kind],
            [("shoppers", shopperCount), ("saleId", saleId), ("stock", spec.Stock), ("perUserLimit", spec.PerUserLimit)], ct);
    }

    private static async Task BuyTheOnlyUnitAsync(Target target, string saleId, string runTag, CancellationToken ct)
    {
        var buyer = await Shoppers.PrepareAsync(target.Api, [target.SetupClient], saleId, runTag + "b", 1, 1, 1, ct);
        using var request = new PurchaseRequests(target.Gateway, saleId, buyer, runTag).Create(buyer[0], runTag + "-buyout");
        var answer = (await Exchange.SendAsync(target.SetupClient, request, target.Timeout, ct)).Answer;
        if (answer.Status != 202)
        {
            throw new SetupException($"buying the only unit of sale {saleId} answered {answer}, not 202");
        }
    }
}

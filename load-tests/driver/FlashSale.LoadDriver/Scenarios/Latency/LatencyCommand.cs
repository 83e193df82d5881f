using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Load;
using FlashSale.LoadDriver.Results;
using FlashSale.LoadDriver.Scenarios.Baseline;
using FlashSale.LoadDriver.Scenarios.Common;
using FlashSale.LoadDriver.Scenarios.Throughput;

namespace FlashSale.LoadDriver.Scenarios.Latency;

/// <summary>
/// Latency at a fixed arrival rate (open model): p50/p99/p99.9 of admitted purchases, or of GET /api/time
/// at the same rate as their baseline. Each latency runs from the request's scheduled start.
/// </summary>
public sealed class LatencyCommand : ICommand
{
    private const string Purchase = "purchase";
    private const string Time = "time";

    public string Name => "latency";

    public string Summary => "p50/p99/p99.9 of purchases (or GET /api/time) at a fixed arrival rate (open model)";

    public IReadOnlyList<OptionSpec> Options =>
    [
        .. CommonOptions.Target,
        new("target", "purchase (admitted purchases of a sale that cannot sell out) or time (GET /api/time)", Purchase),
        new("label", "what the inventory runs, e.g. its stock strategy: names the figure in the report", "unlabelled"),
        new("rate", "requests started per second, on schedule whatever the answers", "200"),
        new("max-in-flight", "cap on outstanding requests (and connections); a request held back by it is late, and its latency says so", "1024"),
        new("shoppers", "distinct shoppers taken in turn (purchase)", "3000"),
        CommonOptions.Warmup, CommonOptions.Duration, CommonOptions.Watch,
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        using var target = Target.From(options);
        var what = options.Choice("target", new Dictionary<string, string> { [Purchase] = Purchase, [Time] = Time });
        var rate = options.Number("rate", 0.1, 100_000);
        var maxInFlight = options.WholeNumber("max-in-flight", 1, 100_000);
        var shopperCount = options.WholeNumber("shoppers", 1, 1_000_000);
        var warmup = options.Duration(CommonOptions.Warmup.Name);
        var duration = options.Duration(CommonOptions.Duration.Name, TimeSpan.FromSeconds(1));
        using var client = LoadHttp.Create(maxInFlight);

        IRequestSource requests = new ServerTimeRequests(target.Gateway);
        var subject = BaselineCommand.Subject;
        var settings = Printer.Settings(("rate", rate), ("maxInFlight", maxInFlight), ("warmupSeconds", Printer.Seconds(warmup)),
            ("durationSeconds", Printer.Seconds(duration)), ("target", what));
        if (what == Purchase)
        {
            var runTag = Shoppers.RunTag();
            var saleId = await target.Api.CreateSaleAsync(PurchaseSales.Unlimited(runTag), ct);
            var shoppers = await Shoppers.PrepareAsync(target.Api, [client], saleId, runTag, shopperCount, 1, 64, ct);
            Shoppers.EnsureTokensOutlast(shoppers, warmup + duration, TimeProvider.System);
            requests = new PurchaseRequests(target.Gateway, saleId, shoppers, runTag);
            subject = options.Text("label");
            settings["saleId"] = saleId;
            settings["shoppers"] = shopperCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var startedAt = DateTimeOffset.UtcNow;
        var load = await OpenLoop.RunAsync(client, requests, rate, warmup, duration, maxInFlight, target.Timeout, Target.Watch(options), ct);
        var result = RunResult.From(ScenarioNames.Latency, subject, "open", startedAt, settings, load);
        Printer.Run(result, $"latency of {(what == Purchase ? $"admitted purchases ({subject})" : subject)} at {rate}/s through {target.Gateway}");
        Printer.WarnUnexpected(result, what == Purchase ? "202" : "200");
        await ResultFiles.WriteAsync(target.OutPath, result, ct);
        return 0;
    }
}

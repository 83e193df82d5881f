using System.Diagnostics;
using System.Globalization;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Charts;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Database;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Measurement;
using FlashSale.LoadDriver.Results;
using FlashSale.LoadDriver.Scenarios.Common;
using FlashSale.LoadDriver.Scenarios.Throughput;
using FlashSale.LoadDriver.Shopping;
using FlashSale.LoadDriver.Verification;

namespace FlashSale.LoadDriver.Scenarios.Demo;

/// <summary>
/// A complete flash sale for people to watch: a small stock, a crowd of shoppers who all arrive when the
/// sale opens — most pay at once, some never pay (the payment deadline cancels their orders), some cannot
/// afford it (the wallet refuses, the order is cancelled) — and shoppers turned away keep trying for a
/// while, so units of cancelled orders are sold again. A live line while it runs, a report at the end;
/// exit 1 unless nothing was oversold, every accepted purchase ended paid or cancelled and the stores agree.
/// </summary>
public sealed class DemoCommand : ICommand
{
    // The deadline sweeper's pass and the release after a never-paid order's deadline.
    private static readonly TimeSpan NeverPaidGrace = TimeSpan.FromSeconds(30);

    private const int MaxConnectedShoppers = 5_000;

    public string Name => "demo";

    public string Summary => "a complete flash sale with simulated shoppers, live progress and a report; exit 1 unless every invariant holds";

    public IReadOnlyList<OptionSpec> Options =>
    [
        .. CommonOptions.Target,
        new("stock", "units on sale", "100"),
        new("shoppers", "shoppers arriving when the sale opens", "1000"),
        new("never-pay", "share of shoppers who never pay", "0.1"),
        new("cannot-afford", "share of shoppers whose wallet holds less than the price", "0.1"),
        new("price", "unit price; must be above the wallets' opening balance (the dev profile opens them with 1000.00)", "1299.00"),
        new("buy-window", "how long refused shoppers keep trying (sold out now may be back when an order is cancelled)", "30s"),
        new("sold-out-retry", "about how long a refused shopper waits before trying again", "6s"),
        new("payment-window", "the order host's Orders:PaymentWindow (for the text; flashsale.sh demo sets both)", "20s"),
        new("settle-timeout", "how long after the buy window every order may take to end (at least the payment window + 30 s: the deadline must be able to cancel the orders nobody pays)", "90s"),
        new("client-addresses", "loopback source addresses the shoppers come from (the gateway limits each)", "64"),
        new("connect", "when the shoppers' connections open: token (each on the connection it fetched its purchase token on, before the sale opens, as a browser keeps the page's; up to 5,000 at once) or opening (in the opening instant, alongside the first purchases)", "token"),
        new("poll", "first wait before re-reading an order after an unexpected answer (orders are followed by long polls); it grows 1.5x per retry", "500ms"),
        new("max-poll", "longest wait before re-reading an order after an unexpected answer", "2s"),
        new("seed", "the crowd's shuffle: the same seed, the same crowd", "2026"),
        new("charts", "write the demo's charts (SVG) to <this path>-answers.svg and -orders.svg; none without it", ""),
        new("human-check", "the sale's human check: proof-of-work (each shopper fetches a challenge and solves it before the opening, as the storefront does) or none", HumanChecks.ProofOfWork),
        new("human-check-max-number", "the proof of work's difficulty: the secret number is drawn from [0, this], so a shopper tries half of it on average", "20000"),
        new("warm-up", "orders taken through the whole saga on a sale of their own first (a restarted host spends its first minute compiling its code: a few orders are not enough); 0 skips it", "100"),
        CommonOptions.QuietTimeout, CommonOptions.Postgres, TraceLink.Option,
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        using var target = Target.From(options);
        var stock = options.WholeNumber("stock", 1, 100_000);
        var count = options.WholeNumber("shoppers", 1, 100_000);
        var price = (decimal)options.Number("price", 0.01, 1_000_000);
        var buyWindow = options.Duration("buy-window", TimeSpan.FromSeconds(1));
        var paymentWindow = options.Duration("payment-window");
        var settleTimeout = options.Duration("settle-timeout", TimeSpan.FromSeconds(1));
        if (settleTimeout < paymentWindow + NeverPaidGrace)
        {
            settleTimeout = paymentWindow + NeverPaidGrace;
        }
        var addresses = options.WholeNumber("client-addresses", 1, 254 * 254);
        var humanCheck = options.Choice("human-check", HumanChecks.Choices);
        var difficulty = options.WholeNumber("human-check-max-number", 100, 10_000_000);
        var tokenParallelism = options.Text("connect") switch
        {
            // As many token fetches at once as there are shoppers (up to MaxConnectedShoppers, a file-descriptor budget):
            // each opens the connection its shopper buys on.
            "token" => Math.Min(count, MaxConnectedShoppers),
            "opening" => 64,
            var other => throw new UsageException($"--connect is token or opening, not '{other}'"),
        };
        var poll = new PollBackoff(options.Duration("poll", TimeSpan.FromMilliseconds(10)), options.Duration("max-poll", TimeSpan.FromMilliseconds(10)));
        var database = new SagaDatabase(options.Text(CommonOptions.Postgres.Name));
        ShopperKind[] kinds;
        try
        {
            kinds = ShopperMix.Assign(count, options.Number("never-pay", 0, 1), options.Number("cannot-afford", 0, 1), options.WholeNumber("seed"));
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new UsageException("--never-pay and --cannot-afford must add up to at most 1");
        }

        var runTag = Shoppers.RunTag();
        var o = Console.Out;
        o.WriteLine(Text($"FlashSale demo: {stock} units at {price:0.00} (one per shopper), {count} shoppers arriving when the sale opens"));
        o.WriteLine(Text($"  {Count(kinds, ShopperKind.Payer)} pay at once, {Count(kinds, ShopperKind.NeverPays)} never pay (the {paymentWindow.TotalSeconds:0} s payment deadline cancels them), {Count(kinds, ShopperKind.CannotAfford)} cannot afford it (the wallet refuses)"));
        o.WriteLine(Text($"  turned-away shoppers try again every ~{options.Duration("sold-out-retry").TotalSeconds:0} s for {buyWindow.TotalSeconds:0} s: units of cancelled orders go back on sale"));

        var clients = LoadHttp.CreateMany(addresses, (count + addresses - 1) / addresses, target.Gateway);
        try
        {
            await WarmUpAsync(target, clients, options.WholeNumber("warm-up", 0, 1000), (price, humanCheck, difficulty), poll, ct);
            var saleId = await target.Api.CreateSaleAsync(PurchaseSales.Spec(runTag, "demo", stock, 1, price, humanCheck, difficulty), ct);
            o.WriteLine($"  setting up: sale {saleId}, crediting the wallets of those who can pay, fetching {count} purchase tokens" +
                (humanCheck == HumanChecks.None ? "" : $" (each after solving a proof of work, maxnumber {difficulty:N0})"));
            var userIds = Enumerable.Range(0, count).Select(i => Shoppers.UserId(runTag, i)).ToList();
            await Crowd.CreditAsync(target.Api, userIds.Where((_, i) => kinds[i] != ShopperKind.CannotAfford).ToList(), price, 32, ct);
            await EnsureSomeCannotAffordAsync(target.Api, userIds, kinds, price, ct);
            var shoppers = await Shoppers.PrepareAsync(target.Api, clients, saleId, runTag, count, 1, tokenParallelism, ct);
            var solving = humanCheck == HumanChecks.None ? null : SolvingTimes.Of(shoppers);
            if (solving is not null)
            {
                o.WriteLine(Text($"  human check: {solving}"));
            }

            var quiet = await QuietStart.WaitAsync(0.3, TimeSpan.FromSeconds(15), ct);
            o.WriteLine(Text($"  waited {quiet.TotalSeconds:0.0} s for a quiet machine (the hosts finish recompiling what the warm-up ran hot)"));
            Shoppers.EnsureTokensOutlast(shoppers, buyWindow, TimeProvider.System);

            var live = new LiveCounters();
            var go = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
            var settings = new JourneySettings(poll, TimeSpan.FromSeconds(2), options.Duration("sold-out-retry"), go + Load.MeasuredWindow.Ticks(buyWindow));
            var journey = new ShopperJourney(target.Api, new PurchaseRequests(target.Gateway, saleId, shoppers, runTag), clients, target.Timeout, settings, live, runTag);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(buyWindow + settleTimeout);
            using var stopProgress = CancellationTokenSource.CreateLinkedTokenSource(ct);
            o.WriteLine("  the sale opens now");
            var startedAt = DateTimeOffset.UtcNow;
            var progress = new DemoProgress(live, o, terminal: !Console.IsOutputRedirected);
            var progressTask = progress.RunAsync(stopProgress.Token);
            var journeys = await Crowd.RunAsync(journey, shoppers, kinds, go, deadline.Token);
            var endedAt = DateTimeOffset.UtcNow;
            await stopProgress.CancelAsync();
            await progressTask;
            ct.ThrowIfCancellationRequested();

            o.WriteLine("  every shopper is done; waiting for the stores to settle, then reconciling");
            var check = await FinishedSale.VerifyAsync(target.Api, database, saleId, journeys, options.Duration(CommonOptions.QuietTimeout.Name), ct);
            var outcome = new DemoOutcome(stock, check.Stock, live.Snapshot(), Crowd.Facts(journeys, check.Orders.Count), CancelReasons(journeys),
                check.Counters, check.Checks, Crowd.PurchaseLatency(journeys), await FinishedSale.FiguresAsync(database, check, journeys, startedAt, endedAt, ct),
                progress.PeakPurchaseAnswersPerSecond, (endedAt - startedAt).TotalSeconds)
            {
                OpeningLatency = Crowd.OpeningLatency(journeys),
            };
            foreach (var line in DemoReport.Render(outcome))
            {
                o.WriteLine(line);
            }

            if (options.OptionalString("charts") is { Length: > 0 } charts)
            {
                o.WriteLine($"  charts                      {string.Join(", ", await DemoCharts.WriteAsync(charts, progress.Samples, ct))}");
            }

            if (options.OptionalString(TraceLink.Option.Name) is { Length: > 0 } dashboard)
            {
                var paid = journeys.Where(j => j.LastStatus == OrderStatuses.Paid && j.OrderId is not null).Select(j => j.OrderId!);
                o.WriteLine($"  one paid order's trace   {await TraceLink.FindAsync(dashboard, paid, ct)}");
            }

            await ResultFiles.WriteAsync(target.OutPath, new RunResult
            {
                Scenario = ScenarioNames.Demo,
                Subject = "demo",
                Model = "demo",
                StartedAt = startedAt,
                Settings = Printer.Settings(("saleId", saleId), ("stock", stock), ("shoppers", count), ("price", price),
                    ("buyWindowSeconds", Printer.Seconds(buyWindow)), ("paymentWindowSeconds", Printer.Seconds(paymentWindow)),
                    ("connect", options.Text("connect")), ("humanCheck", humanCheck), ("humanCheckMaxNumber", difficulty),
                    ("solvingMsP50", solving?.P50Ms ?? 0), ("solvingMsP99", solving?.P99Ms ?? 0), ("solvingCpuSeconds", solving?.TotalCpuSeconds ?? 0)),
                MeasuredSeconds = Math.Round(outcome.Seconds, 3),
                Answers = Crowd.Answers(journeys),
                Latency = outcome.PurchaseLatency,
                Checks = check.Checks,
                Invariants = check.Counters,
                Saga = outcome.Saga,
            }, ct);
            return outcome.Passed ? 0 : 1;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// Orders bought, paid and seen paid on a sale of their own, and sold-out answers to the rest of a crowd, so the
    /// hosts have compiled their code paths (EF Core queries, consumers, HTTP clients, refusals) before the crowd arrives: a host restarted for the
    /// demo otherwise spends the first seconds of the sale on that, and its first orders miss the deadline.
    /// </summary>
    private static async Task WarmUpAsync(
        Target target, HttpMessageInvoker[] clients, int orders, (decimal Price, string HumanCheck, int Difficulty) like, PollBackoff poll, CancellationToken ct)
    {
        if (orders == 0)
        {
            return;
        }

        // Four shoppers per unit, all at once: the sold-out answers are compiled too, and the burst is a sale's.
        var crowd = orders * 4;
        Console.Out.WriteLine($"  warming up: {crowd} shoppers buy {orders} units at once and pay, on a sale of their own");
        var runTag = Shoppers.RunTag();
        var saleId = await target.Api.CreateSaleAsync(PurchaseSales.Spec(runTag, "demo warm-up", orders, 1, like.Price, like.HumanCheck, like.Difficulty), ct);
        await Crowd.CreditAsync(target.Api, Enumerable.Range(0, crowd).Select(i => Shoppers.UserId(runTag, i)).ToList(), like.Price, 8, ct);
        var shoppers = await Shoppers.PrepareAsync(target.Api, clients, saleId, runTag, crowd, 1, 8, ct);
        var journey = new ShopperJourney(target.Api, new PurchaseRequests(target.Gateway, saleId, shoppers, runTag), clients, target.Timeout,
            new JourneySettings(poll, TimeSpan.FromSeconds(1), TimeSpan.Zero, long.MaxValue), new LiveCounters(), runTag);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        await Crowd.RunAsync(journey, shoppers, Enumerable.Repeat(ShopperKind.Payer, crowd).ToArray(), Stopwatch.GetTimestamp(), deadline.Token);
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>The "cannot afford it" shoppers only are what they claim if wallets open below the price.</summary>
    private static async Task EnsureSomeCannotAffordAsync(GatewayApi api, List<string> userIds, ShopperKind[] kinds, decimal price, CancellationToken ct)
    {
        var first = Array.IndexOf(kinds, ShopperKind.CannotAfford);
        if (first < 0)
        {
            return;
        }

        var wallet = await api.WalletAsync(api.ShopperAuthorization(userIds[first]), ct);
        if (wallet.Balance >= price)
        {
            throw new UsageException(Text($"wallets open with {wallet.Balance:0.00}, not less than the price {price:0.00}: raise --price above it"));
        }
    }

    // A deadline that cancels the order of a shopper who asked to pay (and could afford it) is the saga's queueing, not
    // the shopper's choice: it is named apart, so the report shows whether any willing payer lost an order.
    private static Dictionary<string, int> CancelReasons(IEnumerable<JourneyResult> journeys) =>
        journeys.Where(j => j.LastStatus == OrderStatuses.Cancelled)
            .GroupBy(j => (j.CancelReason ?? "no reason given") + (j.Kind == ShopperKind.Payer && j.PaymentAnswer is not null ? " of a willing payer" : ""))
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static int Count(ShopperKind[] kinds, ShopperKind kind) => kinds.Count(k => k == kind);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

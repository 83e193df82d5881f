using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Load;
using FlashSale.LoadDriver.Measurement;
using FlashSale.LoadDriver.Results;
using FlashSale.LoadDriver.Scenarios.Common;
using FlashSale.LoadDriver.Scenarios.Throughput;

namespace FlashSale.LoadDriver.Scenarios.Spike;

/// <summary>
/// The flash-sale spike, as a check: a sale of a small stock, many shoppers who all start at the same
/// instant and each try many times; exits 1 unless <see cref="SpikeChecks"/> all hold.
/// </summary>
public sealed class SpikeCommand : ICommand
{
    public string Name => "spike";

    public string Summary => "a spike of concurrent purchases on a small stock; exits 1 unless exactly the stock was accepted, cleanly";

    public IReadOnlyList<OptionSpec> Options =>
    [
        .. CommonOptions.Target,
        new("stock", "units in the sale", "100"),
        new("users", "shoppers, all starting at the same instant", "500"),
        new("attempts", "purchase attempts per shopper, one after another (a new Idempotency-Key each)", "10"),
        new("per-user-limit", "the sale's per-shopper limit", "1"),
        new("client-addresses", "loopback source addresses the shoppers are spread over (127.0.0.1, .2, ...): distinct client IPs for the gateway's per-IP limit; 1 for a target that is not on IPv4 loopback", "16"),
        new("max-backoff", "after a 429 a shopper waits its Retry-After, at most this long (impatient shoppers retry sooner)", "1s"),
        new("settle", "how long the stock view may take to show the accepted units taken in both stores (the order saga commits them to PostgreSQL)", "60s"),
        new("label", "what the inventory runs, e.g. its stock strategy", "unlabelled"),
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        using var target = Target.From(options);
        var stock = options.WholeNumber("stock", 1, 10_000_000);
        var users = options.WholeNumber("users", 1, 100_000);
        var attempts = options.WholeNumber("attempts", 1, 10_000);
        var perUserLimit = options.WholeNumber("per-user-limit", 1, stock);
        var addresses = options.WholeNumber("client-addresses", 1, 254 * 254);
        var maxBackoff = options.Duration("max-backoff");
        var settle = options.Duration("settle");
        var label = options.Text("label");
        var runTag = Shoppers.RunTag();

        var clients = LoadHttp.CreateMany(addresses, (users + addresses - 1) / addresses, target.Gateway);
        try
        {
            var saleId = await target.Api.CreateSaleAsync(PurchaseSales.Spec(runTag, "spike", stock, perUserLimit), ct);
            var shoppers = await Shoppers.PrepareAsync(target.Api, clients, saleId, runTag, users, 1, 64, ct);
            var startedAt = DateTimeOffset.UtcNow;
            var (outcome, latency, seconds) = await SpikeAsync(target, clients, saleId, shoppers, attempts, maxBackoff, runTag, ct);

            var checks = SpikeChecks.OfAnswers(outcome, stock, perUserLimit).ToList();
            checks.AddRange(SpikeChecks.OfStock(await SettledStockAsync(target.Api, saleId, stock, outcome.AcceptedUnits, settle, ct), stock, outcome.AcceptedUnits));
            checks.Add(await OrdersVisibleAsync(target.Api, clients, outcome.Accepted, ct));

            var result = new RunResult
            {
                Scenario = ScenarioNames.Spike,
                Subject = label,
                Model = "spike",
                StartedAt = startedAt,
                Settings = Printer.Settings(("saleId", saleId), ("stock", stock), ("users", users), ("attempts", attempts),
                    ("perUserLimit", perUserLimit), ("clientAddresses", addresses), ("maxBackoffSeconds", Printer.Seconds(maxBackoff))),
                MeasuredSeconds = Math.Round(seconds, 3),
                Answers = outcome.Answers.ToDictionary(),
                Latency = latency,
                Checks = checks,
            };
            Printer.Run(result, $"spike ({label}): sale {saleId}, stock {stock}, {users} shoppers x {attempts} attempts, per-user limit {perUserLimit}, {addresses} client address(es)");
            Printer.Checks(checks);
            var passed = checks.All(c => c.Passed);
            Console.Out.WriteLine(passed ? "SPIKE PASSED" : "SPIKE FAILED");
            await ResultFiles.WriteAsync(target.OutPath, result, ct);
            return passed ? 0 : 1;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static async Task<(SpikeOutcome Outcome, LatencySummary? Latency, double Seconds)> SpikeAsync(
        Target target, HttpMessageInvoker[] clients, string saleId, Shopper[] shoppers, int attempts, TimeSpan maxBackoff, string runTag, CancellationToken ct)
    {
        var requests = new PurchaseRequests(target.Gateway, saleId, shoppers, runTag);
        var go = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
        var results = await Task.WhenAll(shoppers.Select((shopper, index) => Task.Run(() => ShopperAsync(shopper, index), ct)));
        var seconds = Stopwatch.GetElapsedTime(go).TotalSeconds;
        var outcome = new SpikeOutcome(AnswerTally.Merge(results.Select(r => r.Tally)), results.SelectMany(r => r.Accepted).ToList(), 1);
        return (outcome, LatencyRecorder.Summarize(results.Select(r => r.Latencies)), seconds);

        async Task<(AnswerTally Tally, List<AcceptedPurchase> Accepted, LatencyRecorder Latencies)> ShopperAsync(Shopper shopper, int index)
        {
            var tally = new AnswerTally();
            var accepted = new List<AcceptedPurchase>();
            var latencies = new LatencyRecorder(attempts);
            // Everyone waits for the same instant: the sale "opens" for all shoppers at once.
            await MeasuredWindow.DelayUntil(go, ct);
            for (var attempt = 0; attempt < attempts; attempt++)
            {
                var key = string.Create(CultureInfo.InvariantCulture, $"{runTag}-{index}-{attempt}");
                using var request = requests.Create(shopper, key);
                var sentAt = Stopwatch.GetTimestamp();
                var result = await Exchange.SendAsync(clients[shopper.Client], request, target.Timeout, ct, captureBody: true);
                latencies.Record(Stopwatch.GetTimestamp() - sentAt);
                tally.Add(result.Answer);
                if (result.Answer.Status == 202)
                {
                    accepted.Add(new AcceptedPurchase(shopper, JsonSerializer.Deserialize<PurchaseAccepted>(result.Body!, GatewayApi.Json)!.OrderId));
                }
                else if (result.Answer.Status == 429)
                {
                    var wait = result.RetryAfter is { } retryAfter && retryAfter < maxBackoff ? retryAfter : maxBackoff;
                    await Task.Delay(wait * (0.5 + Random.Shared.NextDouble() / 2), ct);
                }
            }

            return (tally, accepted, latencies);
        }
    }

    /// <summary>The stock view once it shows the accepted units taken in both stores, or the last one seen when settle runs out.</summary>
    private static async Task<StockView> SettledStockAsync(GatewayApi api, string saleId, int stock, long acceptedUnits, TimeSpan settle, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + MeasuredWindow.Ticks(settle);
        while (true)
        {
            var view = await api.StockAsync(saleId, ct);
            var settled = view.AvailableInCache == stock - acceptedUnits && view.InitialStock - view.AvailableInDatabase == acceptedUnits;
            if (settled || Stopwatch.GetTimestamp() >= deadline)
            {
                return view;
            }

            await Task.Delay(500, ct);
        }
    }

    private static async Task<CheckResult> OrdersVisibleAsync(GatewayApi api, HttpMessageInvoker[] clients, IReadOnlyList<AcceptedPurchase> accepted, CancellationToken ct)
    {
        var answers = new Answer[accepted.Count];
        await Parallel.ForAsync(0, accepted.Count, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (i, token) =>
        {
            var purchase = accepted[i];
            answers[i] = await api.OrderAsync(clients[purchase.Shopper.Client], purchase.Shopper.Authorization, purchase.OrderId, token);
        });
        var others = answers.Where(a => a.Status != 200).GroupBy(a => a.ToString())
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        return SpikeChecks.OfOrders(answers.Count(a => a.Status == 200), accepted.Count, others);
    }
}

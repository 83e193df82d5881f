using System.Diagnostics;
using System.Globalization;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Database;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Measurement;
using FlashSale.LoadDriver.Results;
using FlashSale.LoadDriver.Scenarios.Common;
using FlashSale.LoadDriver.Scenarios.Throughput;
using FlashSale.LoadDriver.Shopping;
using FlashSale.LoadDriver.Verification;

namespace FlashSale.LoadDriver.Scenarios.Settle;

/// <summary>
/// Orders settled per second end to end: a sale of `stock` units, as many shoppers (wallets credited
/// first), all buying one unit at the same instant, each paying as soon as the order awaits payment and
/// reading it until it is paid. Reports paid orders per second from the first reservation to the last
/// payment, the saga's stage latencies and each service's outbox lag meanwhile; then checks the sale's
/// invariants (exit 1 unless oversold, lost and drift are 0).
/// </summary>
public sealed class SettleCommand : ICommand
{
    public string Name => "settle";

    public string Summary => "orders settled/s end to end (buy, pay, wait until paid), outbox lag; exit 1 unless oversold, lost and drift are 0";

    public IReadOnlyList<OptionSpec> Options =>
    [
        .. CommonOptions.Target,
        new("stock", "units in the sale; one shopper per unit, each buying one", "2000"),
        new("price", "the unit price; each shopper's wallet is credited this much first", "9.90"),
        new("client-addresses", "loopback source addresses the shoppers are spread over (see spike --help)", "16"),
        new("poll", "first wait before re-reading an order after an unexpected answer (orders are followed by long polls); it grows 1.5x per retry", "250ms"),
        new("max-poll", "longest wait before re-reading an order after an unexpected answer", "3s"),
        new("settle-timeout", "how long the shoppers get to see every order paid or cancelled", "180s"),
        CommonOptions.QuietTimeout, CommonOptions.Postgres, CommonOptions.RabbitManagement,
        new("label", "what the inventory runs, e.g. its stock strategy", "unlabelled"),
        CommonOptions.Watch,
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        using var target = Target.From(options);
        var stock = options.WholeNumber("stock", 1, 100_000);
        var price = (decimal)options.Number("price", 0.01, 1_000_000);
        var addresses = options.WholeNumber("client-addresses", 1, 254 * 254);
        var poll = new PollBackoff(options.Duration("poll", TimeSpan.FromMilliseconds(10)), options.Duration("max-poll", TimeSpan.FromMilliseconds(10)));
        var settleTimeout = options.Duration("settle-timeout", TimeSpan.FromSeconds(1));
        var quietTimeout = options.Duration(CommonOptions.QuietTimeout.Name);
        var database = new SagaDatabase(options.Text(CommonOptions.Postgres.Name));
        var sampler = new SagaSampler(options.Text(CommonOptions.Postgres.Name), options.Url(CommonOptions.RabbitManagement.Name));
        var label = options.Text("label");
        var cpu = Target.Watch(options);
        var runTag = Shoppers.RunTag();

        var clients = LoadHttp.CreateMany(addresses, (stock + addresses - 1) / addresses, target.Gateway);
        try
        {
            var saleId = await target.Api.CreateSaleAsync(PurchaseSales.Spec(runTag, "settle", stock, 1, price), ct);
            Console.Out.WriteLine($"settle ({label}): sale {saleId}, {stock} units at {price.ToString(CultureInfo.InvariantCulture)}; crediting {stock} wallets, fetching purchase tokens");
            await Crowd.CreditAsync(target.Api, Enumerable.Range(0, stock).Select(i => Shoppers.UserId(runTag, i)).ToList(), price, 32, ct);
            var shoppers = await Shoppers.PrepareAsync(target.Api, clients, saleId, runTag, stock, 1, 64, ct);
            Shoppers.EnsureTokensOutlast(shoppers, TimeSpan.FromSeconds(10), TimeProvider.System);

            var live = new LiveCounters();
            var journey = new ShopperJourney(target.Api, new PurchaseRequests(target.Gateway, saleId, shoppers, runTag), clients, target.Timeout,
                new JourneySettings(poll, TimeSpan.FromSeconds(1), TimeSpan.Zero, long.MaxValue), live, runTag);
            var go = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(settleTimeout);
            var startedAt = DateTimeOffset.UtcNow;
            var crowd = Crowd.RunAsync(journey, shoppers, Enumerable.Repeat(ShopperKind.Payer, stock).ToArray(), go, deadline.Token);
            await Load.MeasuredWindow.DelayUntil(go, ct);
            cpu?.Start();
            using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var sampling = sampler.RunAsync(stopSampling.Token);
            var journeys = await crowd;
            var usage = cpu?.Stop();
            await stopSampling.CancelAsync();
            var waits = await sampling;
            var endedAt = DateTimeOffset.UtcNow;
            ct.ThrowIfCancellationRequested();

            var check = await FinishedSale.VerifyAsync(target.Api, database, saleId, journeys, quietTimeout, ct);
            var figures = await FinishedSale.FiguresAsync(database, check, journeys, startedAt, endedAt, ct) with { Waits = waits };
            var result = new RunResult
            {
                Scenario = ScenarioNames.Settle,
                Subject = label,
                Model = "settle",
                StartedAt = startedAt,
                Settings = Printer.Settings(("saleId", saleId), ("stock", stock), ("shoppers", stock), ("price", price), ("clientAddresses", addresses),
                    ("pollSeconds", Printer.Seconds(poll.First)), ("maxPollSeconds", Printer.Seconds(poll.Max))),
                MeasuredSeconds = figures.SettleSeconds,
                Answers = Crowd.Answers(journeys),
                Latency = Crowd.PurchaseLatency(journeys),
                Cpu = usage,
                Checks = check.Checks,
                Invariants = check.Counters,
                Saga = figures,
            };
            Print(result, figures, check);
            await ResultFiles.WriteAsync(target.OutPath, result, ct);
            return check.Passed ? 0 : 1;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static void Print(RunResult result, SagaFigures f, FinishedSaleCheck check)
    {
        var o = Console.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {f.Accepted} accepted, {f.Paid} paid, {f.Cancelled} cancelled, {f.NotEnded} not ended: {f.PaidPerSecond} orders settled/s (first reservation → last paid: {f.SettleSeconds:0.0} s)"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  order reads (polling)   {f.OrderReads} ({f.OrderReads / Math.Max(f.SettleSeconds, 0.001):0}/s, {f.OrderReads / (double)Math.Max(f.Accepted, 1):0.0} per order)"));
        o.WriteLine($"  reservation → paid      {Printer.Latency(f.ReservationToPaid)}");
        o.WriteLine($"  reservation → order     {Printer.Latency(f.ReservationToOrder)}");
        o.WriteLine($"  payment → paid          {Printer.Latency(f.PaymentToPaid)}");
        o.WriteLine($"  202 → shopper saw paid  {Printer.Latency(f.ShopperSawPaid)}");
        foreach (var lag in f.OutboxLag)
        {
            o.WriteLine($"  outbox lag {lag.Service,-10}   {Printer.Latency(lag.Lag)}, {lag.Unsent} unsent");
        }

        if (f.Waits is { } w)
        {
            o.WriteLine($"  database sessions, average over {w.Samples} samples: " +
                string.Join(", ", w.Sessions.Take(6).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Database.Replace("flashsale_", "", StringComparison.Ordinal)} {s.State} {s.Wait} {s.Average}"))));
            o.WriteLine("  saga queues, average / max messages: " +
                string.Join(", ", w.Queues.Select(q => string.Create(CultureInfo.InvariantCulture, $"{q.Queue} {q.Average}/{q.Max}"))));
        }

        Printer.Run(result, "  answers and CPU:");
        o.WriteLine($"  invariants: {Printer.Invariants(check.Counters)}");
        Printer.Checks(check.Checks);
        o.WriteLine(check.Passed ? "SETTLE PASSED" : "SETTLE FAILED");
    }
}

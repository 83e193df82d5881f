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
/// invariants (exit 1 unless oversold, lost and drift are 0). Warm-up runs on sales of their own go first in
/// the same process, so neither the hosts' nor this driver's first compilation lands in the measured run.
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
        new("warmup-runs", "unmeasured settle runs on sales of their own first, in this process (each checked like the measured one)", "0"),
        new("warmup-stock", "units (and shoppers) of each warm-up run", "1000"),
        CommonOptions.Watch,
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        using var target = Target.From(options);
        var stock = options.WholeNumber("stock", 1, 100_000);
        var warmupRuns = options.WholeNumber("warmup-runs", 0, 10);
        var warmupStock = options.WholeNumber("warmup-stock", 1, 100_000);
        var addresses = options.WholeNumber("client-addresses", 1, 254 * 254);
        var run = new SettleRun(target,
            (decimal)options.Number("price", 0.01, 1_000_000),
            new PollBackoff(options.Duration("poll", TimeSpan.FromMilliseconds(10)), options.Duration("max-poll", TimeSpan.FromMilliseconds(10))),
            options.Duration("settle-timeout", TimeSpan.FromSeconds(1)),
            options.Duration(CommonOptions.QuietTimeout.Name),
            new SagaDatabase(options.Text(CommonOptions.Postgres.Name)),
            options.Text("label"));
        var sampler = new SagaSampler(options.Text(CommonOptions.Postgres.Name), options.Url(CommonOptions.RabbitManagement.Name));
        var largest = Math.Max(stock, warmupRuns > 0 ? warmupStock : 0);
        var clients = LoadHttp.CreateMany(addresses, (largest + addresses - 1) / addresses, target.Gateway);
        try
        {
            for (var i = 1; i <= warmupRuns; i++)
            {
                var warmup = await run.SettleAsync(clients, warmupStock, $"warm-up {i}", cpu: null, sampler: null, ct);
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  warm-up {i}: {warmup.Figures.PaidPerSecond} orders settled/s, invariants {Printer.Invariants(warmup.Check.Counters)}"));
                if (!warmup.Check.Passed)
                {
                    Printer.Checks(warmup.Check.Checks);
                    Console.Out.WriteLine("SETTLE FAILED (in a warm-up run)");
                    return 1;
                }
            }

            var measured = await run.SettleAsync(clients, stock, "measured", Target.Watch(options), sampler, ct);
            var result = new RunResult
            {
                Scenario = ScenarioNames.Settle,
                Subject = run.Label,
                Model = "settle",
                StartedAt = measured.StartedAt,
                Settings = Printer.Settings(("saleId", measured.SaleId), ("stock", stock), ("shoppers", stock), ("price", run.Price), ("clientAddresses", addresses),
                    ("pollSeconds", Printer.Seconds(run.Poll.First)), ("maxPollSeconds", Printer.Seconds(run.Poll.Max)),
                    ("warmupRuns", warmupRuns), ("warmupStock", warmupStock)),
                MeasuredSeconds = measured.Figures.SettleSeconds,
                Answers = Crowd.Answers(measured.Journeys),
                Latency = Crowd.PurchaseLatency(measured.Journeys),
                Cpu = measured.Cpu,
                Checks = measured.Check.Checks,
                Invariants = measured.Check.Counters,
                Saga = measured.Figures,
                SettleProgress = SettleRate.Progress(measured.Check.Orders),
            };
            Print(result, measured.Figures, measured.Check);
            await ResultFiles.WriteAsync(target.OutPath, result, ct);
            return measured.Check.Passed ? 0 : 1;
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
            o.WriteLine($"  outbox lag {lag.Service,-10}   {Printer.Latency(lag.Lag)}, {lag.Unsent} unsent, {lag.HeldBack} held back");
        }

        if (f.Traffic is { } t && f.Paid > 0)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  per paid order          {t.Published / (double)f.Paid:0.0} broker messages published, {t.Delivered / (double)f.Paid:0.0} delivered, {t.Commits / (double)f.Paid:0.0} database commits (reads included; the whole system until quiet)"));
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

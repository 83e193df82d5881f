using System.Globalization;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Database;
using FlashSale.LoadDriver.Measurement;
using FlashSale.LoadDriver.Scenarios.Common;

namespace FlashSale.LoadDriver.Scenarios.Expiry;

/// <summary>
/// Mass expiry: waits until every order of a sale whose shoppers never paid has ended, then measures from the
/// stores how long after its payment deadline each order was cancelled (order service) and its units released
/// (inventory's ledger). Exit 1 unless every order ended and every expired order was released within --within.
/// </summary>
public sealed class ExpiryCommand : ICommand
{
    public string Name => "expiry";

    public string Summary => "mass expiry of a sale's unpaid orders: deadline → cancelled → units released; exit 1 unless all within --within";

    public IReadOnlyList<OptionSpec> Options =>
    [
        new("sale", "the sale whose unpaid orders expire"),
        new("within", "how long after its deadline each expired order must be cancelled and released", "30s"),
        new("expiry-timeout", "how long to wait for every order of the sale to end", "20m"),
        CommonOptions.Postgres,
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        var saleId = long.Parse(options.Text("sale"), NumberStyles.None, CultureInfo.InvariantCulture);
        var within = options.Duration("within", TimeSpan.FromSeconds(1));
        var timeout = options.Duration("expiry-timeout", TimeSpan.FromSeconds(1));
        var database = new SagaDatabase(options.Text(CommonOptions.Postgres.Name));

        var waitUntil = DateTime.UtcNow + timeout;
        long open;
        while ((open = await database.OpenOrdersOfSaleAsync(saleId, ct)) > 0 && DateTime.UtcNow < waitUntil)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }

        // The releases trail the cancellations by a hop: give them the same budget once the orders ended.
        var expired = await database.ExpiredOrdersOfSaleAsync(saleId, ct);
        IReadOnlyDictionary<long, DateTimeOffset> released;
        while ((released = await database.ReleasesOfSaleAsync(saleId, ct)).Count < expired.Count && DateTime.UtcNow < waitUntil)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        var cancelLag = expired.Values.Select(e => e.CancelledAt - e.Deadline).ToList();
        var releaseLag = expired.Where(e => released.ContainsKey(e.Key)).Select(e => released[e.Key] - e.Value.Deadline).ToList();
        var late = releaseLag.Count(lag => lag > within) + (expired.Count - releaseLag.Count);
        var o = Console.Out;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"expiry: sale {saleId}, {expired.Count} orders cancelled by their deadline, {releaseLag.Count} released, {open} still open"));
        o.WriteLine($"  deadline → cancelled       {Printer.Latency(LatencyRecorder.Summarize(cancelLag))}");
        o.WriteLine($"  deadline → units released  {Printer.Latency(LatencyRecorder.Summarize(releaseLag))}");
        if (expired.Count > 0 && releaseLag.Count > 0)
        {
            var span = released.Values.Max() - expired.Values.Min(e => e.Deadline);
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  first deadline → last release {span.TotalSeconds:0.0} s ({expired.Count / Math.Max(span.TotalSeconds, 0.001):0} orders released/s over the whole expiry)"));
        }

        var passed = open == 0 && late == 0;
        o.WriteLine(passed
            ? string.Create(CultureInfo.InvariantCulture, $"EXPIRY PASSED: every expired order cancelled and released within {within.TotalSeconds:0} s of its deadline")
            : string.Create(CultureInfo.InvariantCulture, $"EXPIRY FAILED: {open} orders still open, {late} released later than {within.TotalSeconds:0} s after their deadline (or not at all)"));
        return passed ? 0 : 1;
    }
}

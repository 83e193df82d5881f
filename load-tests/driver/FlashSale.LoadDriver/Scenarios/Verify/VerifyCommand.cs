using System.Globalization;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Results;
using FlashSale.LoadDriver.Scenarios.Common;
using FlashSale.LoadDriver.Verification;

namespace FlashSale.LoadDriver.Scenarios.Verify;

/// <summary>
/// After a bench: every sale its runs bought from (the saleId of each result file in --in), once quiet,
/// must hold no more than its stock in PostgreSQL's ledger, lose no units from it, and show Redis =
/// PostgreSQL with no drift in a reconciliation run now. Their orders may still await payment (the
/// throughput runs do not pay), so lost purchases are the settle run's to count, not this one's.
/// </summary>
public sealed class VerifyCommand : ICommand
{
    public string Name => "verify";

    public string Summary => "after a bench: oversold and drift of every sale in a folder of result files (exit 1 unless 0)";

    public IReadOnlyList<OptionSpec> Options =>
    [
        .. CommonOptions.Target,
        new("in", "folder of result files whose sales to check (--out of the other commands)"),
        new("quiet-timeout", "how long the sales may take to be quiet (every admitted unit committed: Redis = PostgreSQL)", "120s"),
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        using var target = Target.From(options);
        var input = options.Text("in");
        if (!Directory.Exists(input))
        {
            throw new UsageException($"--in: no folder {input}");
        }

        var saleIds = (await ResultFiles.ReadAllAsync(input, ct))
            .Select(r => r.Settings.GetValueOrDefault("saleId")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var timeout = options.Duration("quiet-timeout");
        var startedAt = DateTimeOffset.UtcNow;
        var views = new List<(string SaleId, Api.StockView View, bool Quiet)>();
        foreach (var saleId in saleIds)
        {
            var left = timeout - (DateTimeOffset.UtcNow - startedAt);
            var (view, quiet, _) = await QuietStock.WaitAsync(target.Api, saleId, QuietStock.StoresAgree, left > TimeSpan.Zero ? left : TimeSpan.Zero, ct);
            views.Add((saleId, view, quiet));
        }

        var reconciliation = await target.Api.ReconcileAsync(ct);
        var counters = new List<InvariantCounters>();
        var checks = new List<CheckResult>();
        foreach (var (saleId, view, quiet) in views)
        {
            var (saleCounters, saleChecks) = SaleInvariants.Evaluate(
                new SaleFacts(view, 1, null, reconciliation.Sales.FirstOrDefault(s => s.SaleId == saleId)));
            counters.Add(saleCounters);
            checks.Add(new CheckResult($"sale {saleId}: quiet (Redis = PostgreSQL) within the time left of {timeout.TotalSeconds:0} s", quiet,
                string.Create(CultureInfo.InvariantCulture, $"availableInCache {view.AvailableInCache}, availableInDatabase {view.AvailableInDatabase}")));
            checks.AddRange(saleChecks);
        }

        var total = InvariantCounters.Sum(counters);
        var result = new RunResult
        {
            Scenario = ScenarioNames.Verify,
            Subject = $"{saleIds.Count} sales",
            Model = "verify",
            StartedAt = startedAt,
            Settings = Printer.Settings(("sales", saleIds.Count), ("quietTimeoutSeconds", Printer.Seconds(timeout))),
            MeasuredSeconds = Math.Round((DateTimeOffset.UtcNow - startedAt).TotalSeconds, 3),
            Checks = checks,
            Invariants = total,
        };
        var passed = total.AllZero && checks.All(c => c.Passed);
        Console.Out.WriteLine($"verify: {saleIds.Count} sales of {input}: {Printer.Invariants(total)}");
        Printer.Checks(checks.Where(c => !c.Passed));
        Console.Out.WriteLine(passed ? "VERIFY PASSED" : "VERIFY FAILED");
        await ResultFiles.WriteAsync(target.OutPath, result, ct);
        return passed ? 0 : 1;
    }
}

using System.Globalization;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Database;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Scenarios.Common;
using FlashSale.LoadDriver.Shopping;

namespace FlashSale.LoadDriver.Scenarios.Chaos;

/// <summary>
/// Flash sales under faults (./flashsale.sh chaos): rounds of a paying crowd, each with one fault injected by the fault
/// command, each checked from the stores. Rounds of one fault kind run one after another, so a fault that needs the hosts
/// configured for it (duplicate delivery) is prepared once and cleaned up once. Exit 1 if any round broke an invariant or
/// missed a liveness target (recovery within 5 s, the share of willing payers paid).
/// </summary>
public sealed class ChaosCommand : ICommand
{
    public string Name => "chaos";

    public string Summary => "flash sales while faults are injected, one kind per round; a table of recovery, liveness and invariants; exit 1 on any violation";

    public IReadOnlyList<OptionSpec> Options =>
    [
        .. CommonOptions.Target,
        new("fault-command", "shell command run as '<command> <fault> prepare|inject|cleanup' (flashsale.sh chaos-fault)"),
        new("rounds", "rounds in all, spread evenly over the faults", "6"),
        new("faults", "comma-separated fault kinds: " + string.Join(",", Faults.All), string.Join(",", Faults.All)),
        new("stock", "units on sale per round", "100"),
        new("shoppers", "shoppers per round, arriving when the sale opens", "400"),
        new("never-pay", "share of shoppers who never pay", "0.1"),
        new("cannot-afford", "share of shoppers whose wallet holds less than the price", "0.1"),
        new("price", "unit price; above the wallets' opening balance", "1299.00"),
        new("buy-window", "how long refused shoppers keep trying", "20s"),
        new("sold-out-retry", "about how long a refused shopper waits before trying again", "4s"),
        new("payment-window", "the order hosts' Orders:PaymentWindow (flashsale.sh chaos sets both)", "2m"),
        new("fault-at", "when the fault is injected, after the sale opens (the rush and the payments are under way)", "2s"),
        new("probe-interval", "a recovery probe (buy and pay on a sale of its own) starts this often", "250ms"),
        new("client-addresses", "loopback source addresses the shoppers come from", "32"),
        new("seed", "the crowds' shuffle", "2026"),
        new("results", "write <results>.md and <results>.json"),
        CommonOptions.Postgres,
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        using var target = Target.From(options);
        var faults = options.Text("faults").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = faults.Except(Faults.All).ToList();
        if (faults.Length == 0 || unknown.Count > 0)
        {
            throw new UsageException($"unknown fault kinds: {string.Join(", ", unknown)} (known: {string.Join(", ", Faults.All)})");
        }

        var rounds = options.WholeNumber("rounds", 1, 1000);
        var settings = new ChaosSettings(
            options.WholeNumber("stock", 1, 100_000), options.WholeNumber("shoppers", 1, 100_000), (decimal)options.Number("price", 0.01, 1_000_000),
            options.Number("never-pay", 0, 1), options.Number("cannot-afford", 0, 1), options.Duration("buy-window", TimeSpan.FromSeconds(1)),
            options.Duration("sold-out-retry"), options.Duration("payment-window", TimeSpan.FromSeconds(1)), options.Duration("fault-at"),
            options.Duration("probe-interval", TimeSpan.FromMilliseconds(50)), options.WholeNumber("client-addresses", 1, 254 * 254), options.WholeNumber("seed"));
        var faultCommand = new FaultCommand(options.Text("fault-command"));
        // No pooling: a pooled connection is broken by a PostgreSQL restart (a fault of the run) and would fail the check.
        var postgres = options.Text(CommonOptions.Postgres.Name) + ";Pooling=false";
        var resultsPath = options.OptionalString("results");
        // Kind-major: round i of n runs faults[i * kinds / n], so each kind's rounds are consecutive.
        var schedule = Enumerable.Range(0, rounds).Select(i => faults[i * faults.Length / rounds]).ToList();

        var clients = LoadHttp.CreateMany(settings.ClientAddresses, (settings.Shoppers + settings.ClientAddresses - 1) / settings.ClientAddresses, target.Gateway);
        using var probeClient = LoadHttp.Create(1024, LoadHttp.ClientAddress(Math.Min(settings.ClientAddresses + 1, 254 * 254)));
        var round = new ChaosRound(target, clients, probeClient, faultCommand, settings);
        var verification = new ChaosVerification(target.Api, new SagaDatabase(postgres), new ChaosStores(postgres));
        var results = new List<ChaosRoundResult>();
        var pending = new List<(PlayedRound Round, DateTimeOffset DueAt)>();
        var o = Console.Out;
        o.WriteLine(Text($"FlashSale chaos: {rounds} rounds over {string.Join(", ", faults.Distinct())}; {settings.Shoppers} shoppers, {settings.Stock} units, payment window {settings.PaymentWindow.TotalSeconds:0} s per round"));
        o.WriteLine("  each round's sale is checked once its last order is past its deadline + 30 s, while later rounds play");

        // Checks every played round that is due (all of them when waiting: the end of the run).
        async Task VerifyDueAsync(bool wait)
        {
            foreach (var (played, dueAt) in pending.OrderBy(p => p.DueAt).ToList())
            {
                var left = dueAt - DateTimeOffset.UtcNow;
                if (left > TimeSpan.Zero && !wait)
                {
                    continue;
                }

                if (left > TimeSpan.Zero)
                {
                    o.WriteLine(Text($"  waiting {left.TotalSeconds:0} s for round {played.Round}'s last deadline + 30 s"));
                    await Task.Delay(left, ct);
                }

                pending.Remove((played, dueAt));
                var result = await verification.VerifyAsync(played, ct);
                results.Add(result);
                results.Sort((a, b) => a.Round.CompareTo(b.Round));
                o.WriteLine("  checked " + ChaosTable.Row(result));
                foreach (var failure in result.Failures.Take(10))
                {
                    o.WriteLine("      FAIL " + failure);
                }

                if (resultsPath is not null)
                {
                    await ChaosTable.WriteAsync(resultsPath, results, SettingsOf(settings, faults, rounds), ct);
                }
            }
        }

        try
        {
            string? prepared = null;
            for (var i = 0; i < schedule.Count; i++)
            {
                var fault = schedule[i];
                if (prepared != fault)
                {
                    await CleanupAsync(faultCommand, prepared, ct);
                    o.WriteLine($"  preparing {fault}");
                    var prepare = await faultCommand.RunAsync(fault, "prepare", null, ct);
                    if (prepare.ExitCode != 0)
                    {
                        throw new SetupException($"preparing {fault} failed (exit {prepare.ExitCode})");
                    }

                    prepared = fault;
                }

                o.WriteLine(Text($"  round {i + 1}/{rounds}: {fault}"));
                var played = await round.PlayAsync(i + 1, fault, ct);
                var payments = Crowd.Answers(played.Journeys).Where(a => a.Key.StartsWith("payment", StringComparison.Ordinal)).Select(a => $"{a.Key} x{a.Value}");
                o.WriteLine(Text($"    played: recovery {played.RecoverySeconds?.ToString("0.0#", CultureInfo.InvariantCulture) ?? "–"} s, {played.Journeys.Count(j => j.HasOrder)} orders; {string.Join(", ", payments)}"));
                pending.Add((played, await verification.DueAtAsync(played, ct)));
                await VerifyDueAsync(wait: false);
            }

            await CleanupAsync(faultCommand, prepared, ct);
            await VerifyDueAsync(wait: true);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        o.WriteLine();
        o.WriteLine(ChaosTable.Header);
        foreach (var result in results)
        {
            o.WriteLine(ChaosTable.Row(result));
        }

        o.WriteLine();
        foreach (var line in ChaosTable.Summary(results))
        {
            o.WriteLine(line);
        }

        var passed = results.All(r => r.Passed);
        o.WriteLine(passed ? "CHAOS PASSED: every invariant held in every round, and every round met its liveness target" : "CHAOS FAILED: see the FAIL lines above");
        return passed ? 0 : 1;
    }

    private static async Task CleanupAsync(FaultCommand faults, string? fault, CancellationToken ct)
    {
        if (fault is not null && (await faults.RunAsync(fault, "cleanup", null, ct)).ExitCode != 0)
        {
            throw new SetupException($"cleaning up after {fault} failed");
        }
    }

    private static Dictionary<string, string> SettingsOf(ChaosSettings s, string[] faults, int rounds) => Printer.Settings(
        ("rounds", rounds), ("faults", string.Join(" ", faults)), ("shoppers", s.Shoppers), ("stock", s.Stock),
        ("paymentWindowSeconds", s.PaymentWindow.TotalSeconds), ("buyWindowSeconds", s.BuyWindow.TotalSeconds), ("faultAtSeconds", s.FaultAt.TotalSeconds),
        ("replicas", Environment.GetEnvironmentVariable("FS_CHAOS_REPLICAS") ?? "?"));

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

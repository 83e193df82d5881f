using System.Globalization;
using System.Text;
using System.Text.Json;
using FlashSale.LoadDriver.Charts;
using FlashSale.LoadDriver.Results;

namespace FlashSale.LoadDriver.Scenarios.Chaos;

/// <summary>A chaos run's rounds as one table (stdout and markdown) and as JSON, with a summary per fault kind.</summary>
public static class ChaosTable
{
    public static string Header =>
        "| round | fault | recovery s | first probe paid after s | probe normal s | willing payers paid | purchase failures | oversold | lost | drift | wrong charges | late orders | result |";

    public static string Row(ChaosRoundResult r) => Text($"| {r.Round} | {r.Fault} | {Recovery(r)} | {Num(r.FirstPaidSeconds)} | {Num(r.NormalProbeSeconds)} | {r.WillingPayersPaid}/{r.WillingPayers} ({r.PaidShare:P1}) | {r.PurchaseFailures}/{r.PurchaseCalls} | {r.Oversold} | {r.Lost} | {r.Drift} | {r.WrongCharges} | {r.LateOrders} | {(r.Passed ? "pass" : "FAIL")} |");

    public static IEnumerable<string> Summary(IReadOnlyList<ChaosRoundResult> rounds)
    {
        yield return "| fault | rounds | passed | recovery s, worst | willing payers paid, lowest / overall (target) | invariants broken |";
        yield return "|---|---:|---:|---:|---|---:|";
        foreach (var kind in rounds.GroupBy(r => r.Fault))
        {
            var recoveries = kind.Where(r => r.RecoverySeconds is not null).Select(r => r.RecoverySeconds!.Value).ToList();
            var worst = kind.Any(r => !r.Recovered) ? "never" : recoveries.Count == 0 ? "–" : Num(recoveries.Max());
            var overall = (double)kind.Sum(r => r.WillingPayersPaid) / Math.Max(1, kind.Sum(r => r.WillingPayers));
            yield return Text($"| {kind.Key} | {kind.Count()} | {kind.Count(r => r.Passed)} | {worst} | {kind.Min(r => r.PaidShare):P1} / {overall:P1} (≥ {Faults.PaidShareTarget(kind.Key):P0}) | {kind.Count(r => !r.InvariantsHold)} |");
        }
    }

    public static async Task WriteAsync(string basePath, IReadOnlyList<ChaosRoundResult> rounds, IReadOnlyDictionary<string, string> settings, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(basePath))!);
        await File.WriteAllTextAsync(basePath + ".json",
            JsonSerializer.Serialize(new { scenario = "chaos", settings, rounds }, ResultFiles.Json) + "\n", ct);
        var md = new StringBuilder();
        md.AppendLine("# Chaos run").AppendLine();
        md.AppendLine(Text($"{rounds.Count} rounds, {rounds.Count(r => r.Passed)} passed; settings: {string.Join(", ", settings.Select(s => $"{s.Key} {s.Value}"))}.")).AppendLine();
        md.AppendLine("Recovery: how much later than normal the system worked end to end after the fault: from the fault's end (the server " +
            "accepting connections again, or the instance killed) to the first probe purchase started after it seen paid (token, 202, order, " +
            "payment, paid: \"first probe paid after\"), less that path's median latency before the fault (\"probe normal\"). " +
            "Willing payers: shoppers with an order who had the money and paid. Wrong charges: orders whose wallet ledger disagrees with their end " +
            "(charged twice, charged unpaid, money left frozen). Late orders: not ended by their payment deadline + 30 s.").AppendLine();
        foreach (var line in Summary(rounds))
        {
            md.AppendLine(line);
        }

        await File.WriteAllTextAsync(basePath + "-recovery.svg", ChaosCharts.Recovery(rounds), ct);
        md.AppendLine().AppendLine(Text($"![Recovery after each fault, per round]({Path.GetFileName(basePath)}-recovery.svg)")).AppendLine();
        md.AppendLine(Text($"Rounds by fault: {string.Join(", ", rounds.Select(r => $"{r.Round} {r.Fault}"))}."));
        md.AppendLine().AppendLine(Header).AppendLine("|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var round in rounds)
        {
            md.AppendLine(Row(round));
        }

        var failed = rounds.Where(r => !r.Passed).ToList();
        if (failed.Count > 0)
        {
            md.AppendLine().AppendLine("## What failed").AppendLine();
            foreach (var round in failed)
            {
                foreach (var failure in round.Failures)
                {
                    md.AppendLine(Text($"- round {round.Round} ({round.Fault}): {failure}"));
                }
            }
        }

        await File.WriteAllTextAsync(basePath + ".md", md.ToString(), ct);
    }

    private static string Recovery(ChaosRoundResult r) => !r.Recovered ? "never" : Num(r.RecoverySeconds);

    private static string Num(double? v) => v is { } x ? x.ToString("0.0#", CultureInfo.InvariantCulture) : "–";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

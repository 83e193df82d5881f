using System.Globalization;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Cli;
using FlashSale.LoadDriver.Measurement;
using FlashSale.LoadDriver.Scenarios.Common;
using FlashSale.LoadDriver.Scenarios.Throughput;

namespace FlashSale.LoadDriver.Scenarios.HumanCheck;

/// <summary>
/// What a purchase token costs a client at each difficulty: real challenges from sales with the check, solved one after
/// another on one thread, CPU time per solution (mean and p90). A bot pays this per token, per account.
/// </summary>
public sealed class SolveCostCommand : ICommand
{
    public string Name => "solve-cost";

    public string Summary => "CPU-seconds a client spends per purchase token at each proof-of-work difficulty";

    public IReadOnlyList<OptionSpec> Options =>
    [
        .. CommonOptions.Target,
        new("max-numbers", "difficulties to measure, comma-separated", "10000,100000,1000000"),
        new("samples", "challenges solved per difficulty", "20"),
    ];

    public async Task<int> RunAsync(ParsedOptions options, CancellationToken ct)
    {
        using var target = Target.From(options);
        var samples = options.WholeNumber("samples", 1, 10_000);
        var runTag = Shoppers.RunTag();
        var authorization = target.Api.ShopperAuthorization(Shoppers.UserId(runTag, 0));
        var lines = new List<string>();
        foreach (var text in options.Text("max-numbers").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var maxNumber))
            {
                throw new UsageException($"--max-numbers takes whole numbers, not '{text}'");
            }

            var saleId = await target.Api.CreateSaleAsync(PurchaseSales.Spec(runTag, "solve cost", 1, 1, humanCheck: HumanChecks.ProofOfWork, humanCheckMaxNumber: maxNumber), ct);
            var cpu = new long[samples];
            for (var i = 0; i < samples; i++)
            {
                cpu[i] = ProofOfWork.Solve(await target.Api.ChallengeAsync(target.SetupClient, authorization, saleId, ct)).Cpu.Ticks;
            }

            Array.Sort(cpu);
            double Ms(double ticks) => TimeSpan.FromTicks((long)ticks).TotalMilliseconds;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"maxnumber {maxNumber:N0}: {Ms(cpu.Average()):0.##} ms mean, {Ms(Percentiles.NearestRank(cpu, 90)):0.##} ms p90 of one core per token ({samples} solved)"));
        }

        Console.Out.WriteLine("solving cost per purchase token (C#, SHA-256, one core): " + string.Join("; ", lines));
        return 0;
    }
}

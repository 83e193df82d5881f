using System.Globalization;
using FlashSale.LoadDriver.Api;

namespace FlashSale.LoadDriver.Measurement;

/// <summary>How long a crowd's proofs of work took: CPU time per shopper (one thread each), as percentiles and in all.</summary>
public sealed record SolvingTimes(int Shoppers, double P50Ms, double P99Ms, double MaxMs, double TotalCpuSeconds)
{
    public static SolvingTimes Of(IReadOnlyCollection<Shopper> shoppers)
    {
        var sorted = shoppers.Select(s => s.Solving.Ticks).Order().ToArray();
        double Ms(long ticks) => Math.Round(TimeSpan.FromTicks(ticks).TotalMilliseconds, 2);
        return new SolvingTimes(sorted.Length, Ms(Percentiles.NearestRank(sorted, 50)), Ms(Percentiles.NearestRank(sorted, 99)), Ms(sorted[^1]),
            Math.Round(TimeSpan.FromTicks(sorted.Sum()).TotalSeconds, 2));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Shoppers} shoppers each solved a proof of work before the opening: p50 {P50Ms:0.##} ms, p99 {P99Ms:0.##} ms, max {MaxMs:0.##} ms of CPU; {TotalCpuSeconds:0.##} CPU-s in all");
}

using FlashSale.LoadDriver.Scenarios.Chaos;

namespace FlashSale.LoadDriver.Charts;

/// <summary>The chaos run's chart: per round, how long after the fault the first probe was paid, against normal.</summary>
public static class ChaosCharts
{
    public static string Recovery(IReadOnlyList<ChaosRoundResult> rounds) =>
        SvgChart.Bars("Chaos: recovery after each fault", "seconds", rounds.Select(r => $"{r.Round}").ToList(),
        [
            new BarSeries("recovery (first probe paid, less normal)", rounds.Select(r => r.Recovered ? r.RecoverySeconds : null).ToList()),
            new BarSeries("first probe paid after the fault", rounds.Select(r => r.FirstPaidSeconds).ToList()),
            new BarSeries("probe normal", rounds.Select(r => (double?)r.NormalProbeSeconds).ToList()),
        ]);
}

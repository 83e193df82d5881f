using System.Xml.Linq;
using FlashSale.LoadDriver.Charts;
using FlashSale.LoadDriver.Scenarios.Chaos;

namespace FlashSale.LoadDriver.Tests.Charts;

public sealed class ChaosChartsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static ChaosRoundResult Round(int round, bool recovered, double? recovery, double? firstPaid, double? normal) => new()
    {
        Round = round,
        Fault = "redis-kill",
        StartedAt = DateTimeOffset.UnixEpoch,
        SaleId = "1",
        Recovered = recovered,
        RecoverySeconds = recovery,
        FirstPaidSeconds = firstPaid,
        NormalProbeSeconds = normal,
        WillingPayers = 10,
        WillingPayersPaid = 10,
        Accepted = 10,
        PurchaseCalls = 100,
        PurchaseFailures = 0,
        Oversold = 0,
        Lost = 0,
        Drift = 0,
        WrongCharges = 0,
        LateOrders = 0,
        FaultExitCode = 0,
        Failures = [],
    };

    [Fact]
    public void Each_round_gets_its_recovery_bars_and_a_round_that_never_recovered_has_no_recovery_bar()
    {
        var svg = XDocument.Parse(ChaosCharts.Recovery([Round(1, true, 1.5, 7.9, 6.4), Round(2, false, null, null, 6.1)]));

        var bars = svg.Descendants(Svg + "rect").Where(r => r.Element(Svg + "title") is not null).Select(r => r.Element(Svg + "title")!.Value).ToList();
        Assert.Equal(4, bars.Count);
        Assert.Single(bars, b => b.StartsWith("recovery", StringComparison.Ordinal));
    }
}

using System.Xml.Linq;
using FlashSale.LoadDriver.Charts;
using FlashSale.LoadDriver.Shopping;

namespace FlashSale.LoadDriver.Tests.Charts;

public sealed class DemoChartsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly List<(double, LiveSnapshot)> Samples =
    [
        (0, new LiveSnapshot(0, 0, 0, 0, 0, 0, 0, 0)),
        (1, new LiveSnapshot(1000, 100, 900, 0, 0, 0, 0, 0)),
        (2, new LiveSnapshot(1500, 100, 1400, 0, 0, 0, 80, 0)),
        (4, new LiveSnapshot(1600, 100, 1500, 0, 0, 0, 90, 10)),
    ];

    [Fact]
    public void Answers_per_second_come_from_the_growth_between_samples()
    {
        var svg = XDocument.Parse(DemoCharts.Answers(Samples));

        var lines = svg.Descendants(Svg + "polyline").ToList();
        Assert.Equal(5, lines.Count);
        // sold-out: 900/s, 500/s, then 100 over two seconds = 50/s; drawn as three points.
        Assert.Equal(3, lines[1].Attribute("points")!.Value.Split(' ').Length);
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "1000");
    }

    [Fact]
    public void Orders_are_drawn_as_running_totals()
    {
        var svg = XDocument.Parse(DemoCharts.Orders(Samples));

        Assert.Equal(4, svg.Descendants(Svg + "polyline").Count());
        Assert.All(svg.Descendants(Svg + "polyline"), line => Assert.Equal(4, line.Attribute("points")!.Value.Split(' ').Length));
    }
}

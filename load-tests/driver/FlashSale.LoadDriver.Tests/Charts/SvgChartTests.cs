using System.Xml.Linq;
using FlashSale.LoadDriver.Charts;

namespace FlashSale.LoadDriver.Tests.Charts;

public sealed class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.7, 1)]
    [InlineData(3, 5)]
    [InlineData(18, 20)]
    [InlineData(2215, 2500)]
    [InlineData(8635, 10000)]
    public void Axes_end_on_a_round_number(double value, double ceiling) => Assert.Equal(ceiling, SvgChart.NiceCeiling(value));

    [Fact]
    public void A_line_chart_is_an_svg_document_with_one_polyline_and_legend_entry_per_series()
    {
        var svg = XDocument.Parse(SvgChart.Lines("Answers <per> second", "second", "answers/s",
        [
            new LineSeries("admitted: 202", [(1, 2000), (2, 2300), (3, 2215)]),
            new LineSeries("sold-out: 409 sold-out", [(1, 8000), (2, 8635)]),
        ]));

        var lines = svg.Descendants(Svg + "polyline").ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(3, lines[0].Attribute("points")!.Value.Split(' ').Length);
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "Answers <per> second");
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "sold-out: 409 sold-out");
    }

    [Fact]
    public void A_bar_chart_draws_a_bar_per_value_and_none_for_a_missing_one()
    {
        var svg = XDocument.Parse(SvgChart.Bars("Latency", "ms", ["GET /api/time @150/s", "redis-lua @150/s"],
        [
            new BarSeries("p50", [1.05, 2.8]),
            new BarSeries("p99", [2.4, null]),
        ]));

        Assert.Equal(3, svg.Descendants(Svg + "rect").Count(r => r.Element(Svg + "title") is not null));
    }
}

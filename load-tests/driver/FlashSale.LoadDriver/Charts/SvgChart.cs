using System.Globalization;
using System.Security;
using System.Text;

namespace FlashSale.LoadDriver.Charts;

/// <summary>One line of a line chart.</summary>
public sealed record LineSeries(string Label, IReadOnlyList<(double X, double Y)> Points);

/// <summary>One kind of bar of a bar chart: a value per group (null: no bar).</summary>
public sealed record BarSeries(string Label, IReadOnlyList<double?> Values);

/// <summary>
/// Small self-contained SVG charts for the results files (no script, no external font or stylesheet), so a
/// markdown viewer shows them as images: lines over time, and grouped bars.
/// </summary>
public static class SvgChart
{
    private const int Width = 760, Height = 348, Left = 64, Right = 16, Top = 36, Bottom = 100;
    private static readonly string[] Colors = ["#d6336c", "#1c7ed6", "#2b8a3e", "#f08c00", "#7048e8", "#495057", "#0ca678", "#e8590c"];

    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<LineSeries> series)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        var xMax = NiceCeiling(points.Count == 0 ? 1 : points.Max(p => p.X));
        var yMax = NiceCeiling(points.Count == 0 ? 1 : points.Max(p => p.Y));
        var svg = Begin(title);
        Axes(svg, xMax, yMax, xLabel, yLabel);
        for (var i = 0; i < series.Count; i++)
        {
            var path = string.Join(' ', series[i].Points.Select(p => $"{X(p.X, xMax)},{Y(p.Y, yMax)}"));
            svg.Append(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{Colors[i % Colors.Length]}" stroke-width="2" points="{path}"/>""").Append('\n');
        }

        Legend(svg, series.Select(s => s.Label).ToList());
        return End(svg);
    }

    public static string Bars(string title, string yLabel, IReadOnlyList<string> groups, IReadOnlyList<BarSeries> series)
    {
        var yMax = NiceCeiling(series.SelectMany(s => s.Values).Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(1).Max());
        var svg = Begin(title);
        Axes(svg, xMax: null, yMax, xLabel: "", yLabel);
        var plotWidth = Width - Left - Right;
        var groupWidth = plotWidth / (double)Math.Max(1, groups.Count);
        var barWidth = groupWidth * 0.8 / Math.Max(1, series.Count);
        for (var g = 0; g < groups.Count; g++)
        {
            var x0 = Left + g * groupWidth + groupWidth * 0.1;
            for (var s = 0; s < series.Count; s++)
            {
                if (series[s].Values[g] is not { } value)
                {
                    continue;
                }

                var top = Y(value, yMax);
                svg.Append(CultureInfo.InvariantCulture,
                    $"""<rect x="{x0 + s * barWidth:0.#}" y="{top:0.#}" width="{barWidth - 1:0.#}" height="{Height - Bottom - top:0.#}" fill="{Colors[s % Colors.Length]}"><title>{Escape(series[s].Label)} {value:0.##}</title></rect>""").Append('\n');
            }

            svg.Append(CultureInfo.InvariantCulture,
                $"""<text x="{x0 + groupWidth * 0.4:0.#}" y="{Height - Bottom + 14}" text-anchor="middle" font-size="10">{Escape(groups[g])}</text>""").Append('\n');
        }

        Legend(svg, series.Select(s => s.Label).ToList());
        return End(svg);
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="value"/>.</summary>
    public static double NiceCeiling(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2, 2.5, 5, 10 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static StringBuilder Begin(string title) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="sans-serif" font-size="11">""").Append('\n')
        .Append(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{Height}" fill="white"/>""").Append('\n')
        .Append(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="20" font-size="14" font-weight="bold">{Escape(title)}</text>""").Append('\n');

    private static string End(StringBuilder svg) => svg.Append("</svg>\n").ToString();

    private static void Axes(StringBuilder svg, double? xMax, double yMax, string xLabel, string yLabel)
    {
        for (var i = 0; i <= 5; i++)
        {
            var value = yMax * i / 5;
            var y = Y(value, yMax);
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{y}" x2="{Width - Right}" y2="{y}" stroke="#e9ecef"/>""")
                .Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{y + 4}" text-anchor="end">{Number(value)}</text>""").Append('\n');
            if (xMax is { } xm)
            {
                var x = X(xm * i / 5, xm);
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x}" y="{Height - Bottom + 16}" text-anchor="middle">{Number(xm * i / 5)}</text>""").Append('\n');
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" y1="{Height - Bottom}" x2="{Width - Right}" y2="{Height - Bottom}" stroke="#495057"/>""").Append('\n')
            .Append(CultureInfo.InvariantCulture, $"""<text x="{(Left + Width - Right) / 2}" y="{Height - Bottom + 32}" text-anchor="middle">{Escape(xLabel)}</text>""").Append('\n')
            .Append(CultureInfo.InvariantCulture, $"""<text transform="translate(14 {(Top + Height - Bottom) / 2}) rotate(-90)" text-anchor="middle">{Escape(yLabel)}</text>""").Append('\n');
    }

    private static void Legend(StringBuilder svg, List<string> labels)
    {
        double x = Left;
        var y = Height - Bottom + 50;
        for (var i = 0; i < labels.Count; i++)
        {
            if (x > Left && x + 24 + labels[i].Length * 6.2 > Width)
            {
                (x, y) = (Left, y + 14);
            }

            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x:0.#}" y="{y - 9}" width="10" height="10" fill="{Colors[i % Colors.Length]}"/>""")
                .Append(CultureInfo.InvariantCulture, $"""<text x="{x + 14:0.#}" y="{y}">{Escape(labels[i])}</text>""").Append('\n');
            x += 24 + labels[i].Length * 6.2;
        }
    }

    private static string X(double value, double max) => (Left + (Width - Left - Right) * value / max).ToString("0.#", CultureInfo.InvariantCulture);

    private static double Y(double value, double max) => Math.Round(Height - Bottom - (Height - Bottom - Top) * value / max, 1);

    private static string Number(double value) =>
        value >= 10_000 ? (value / 1000).ToString("0.#", CultureInfo.InvariantCulture) + "k" : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text);
}

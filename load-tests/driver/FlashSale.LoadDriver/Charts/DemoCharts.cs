using FlashSale.LoadDriver.Shopping;

namespace FlashSale.LoadDriver.Charts;

/// <summary>The demo's charts from its once-a-second progress: purchase answers per second by kind, and orders over time.</summary>
public static class DemoCharts
{
    /// <summary>Writes &lt;prefix&gt;-answers.svg and &lt;prefix&gt;-orders.svg; returns their paths.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(string prefix, IReadOnlyList<(double Seconds, LiveSnapshot Seen)> samples, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(prefix))!);
        var written = new List<string>();
        foreach (var (suffix, svg) in new[] { ("answers", Answers(samples)), ("orders", Orders(samples)) })
        {
            var path = $"{prefix}-{suffix}.svg";
            await File.WriteAllTextAsync(path, svg, ct);
            written.Add(path);
        }

        return written;
    }

    public static string Answers(IReadOnlyList<(double Seconds, LiveSnapshot Seen)> samples)
    {
        LineSeries PerSecond(string label, Func<LiveSnapshot, long> count) => new(label,
            samples.Zip(samples.Skip(1), (a, b) => (b.Seconds, (count(b.Seen) - count(a.Seen)) / Math.Max(0.001, b.Seconds - a.Seconds))).ToList());

        return SvgChart.Lines("Demo: purchase answers per second", "seconds since the sale opened", "answers/s",
        [
            PerSecond("accepted", s => s.Accepted),
            PerSecond("sold-out", s => s.SoldOut),
            PerSecond("rate-limited", s => s.RateLimited),
            PerSecond("other refusals", s => s.OtherRefusals),
            PerSecond("failed", s => s.Failures),
        ]);
    }

    public static string Orders(IReadOnlyList<(double Seconds, LiveSnapshot Seen)> samples)
    {
        LineSeries Total(string label, Func<LiveSnapshot, long> count) => new(label, samples.Select(s => (s.Seconds, (double)count(s.Seen))).ToList());

        return SvgChart.Lines("Demo: orders as the shoppers saw them", "seconds since the sale opened", "orders",
        [
            Total("accepted", s => s.Accepted),
            Total("paid", s => s.Paid),
            Total("cancelled", s => s.Cancelled),
            Total("open", s => s.Open),
        ]);
    }
}

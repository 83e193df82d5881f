using System.Diagnostics;
using System.Globalization;
using FlashSale.LoadDriver.Shopping;

namespace FlashSale.LoadDriver.Scenarios.Demo;

/// <summary>
/// The live line while the demo runs: what the crowd has seen so far and the request rate of the last
/// second. On a terminal it rewrites one line every second; into a file or pipe it writes a line every
/// few seconds. It also keeps the busiest second's purchase answers for the report.
/// </summary>
public sealed class DemoProgress(LiveCounters live, TextWriter output, bool terminal)
{
    private const int PipeEvery = 3;

    public double PeakPurchaseAnswersPerSecond { get; private set; }

    /// <summary>What the crowd had seen at each tick (seconds since the opening), for the demo's charts.</summary>
    public List<(double Seconds, LiveSnapshot Seen)> Samples { get; } = [];

    public async Task RunAsync(CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        var last = live.Snapshot();
        var lastAt = started;
        Samples.Add((0, last));
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        for (var tick = 1; ; tick++)
        {
            try
            {
                await timer.WaitForNextTickAsync(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var now = live.Snapshot();
            var at = Stopwatch.GetTimestamp();
            Samples.Add((Stopwatch.GetElapsedTime(started, at).TotalSeconds, now));
            var seconds = Stopwatch.GetElapsedTime(lastAt, at).TotalSeconds;
            PeakPurchaseAnswersPerSecond = Math.Max(PeakPurchaseAnswersPerSecond, (now.PurchaseAnswers - last.PurchaseAnswers) / seconds);
            var line = Line(Stopwatch.GetElapsedTime(started, at), now, (now.Requests - last.Requests) / seconds);
            if (terminal)
            {
                await output.WriteAsync("\r" + line);
            }
            else if (tick % PipeEvery == 0)
            {
                await output.WriteLineAsync(line);
            }

            (last, lastAt) = (now, at);
        }

        if (terminal)
        {
            await output.WriteLineAsync();
        }
    }

    public static string Line(TimeSpan elapsed, LiveSnapshot s, double requestsPerSecond) => string.Create(CultureInfo.InvariantCulture,
        $"  [{elapsed.TotalSeconds,3:0} s] accepted {s.Accepted,5} | sold-out {s.SoldOut,6} | rate-limited {s.RateLimited,5} | paid {s.Paid,5} | cancelled {s.Cancelled,4} | open {s.Open,5} | {requestsPerSecond,5:0} req/s");
}

using System.Diagnostics;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Measurement;

namespace FlashSale.LoadDriver.Load;

/// <summary>
/// The closed model (wrk's): a fixed number of connections, each sending its next request as soon as the
/// last one is answered, so the rate is whatever the system sustains. Counts answers completed inside the
/// measured window; the warm-up before it opens the connections and warms the JIT on both sides.
/// </summary>
public static class ClosedLoop
{
    public static async Task<LoadResult> RunAsync(
        HttpMessageInvoker invoker, IRequestSource source, int connections, TimeSpan warmup, TimeSpan duration,
        TimeSpan timeout, CpuWatch? cpu, CancellationToken ct)
    {
        var window = MeasuredWindow.After(Stopwatch.GetTimestamp(), warmup, duration);
        var sequence = -1L;
        var cpuTask = window.WatchCpuAsync(cpu, ct);
        var seconds = (int)Math.Ceiling(window.Seconds);
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(Worker, ct)).ToArray();
        var results = await Task.WhenAll(workers);
        var usage = await cpuTask;

        return new LoadResult(
            AnswerTally.Merge(results.Select(r => r.Tally)),
            LatencyRecorder.Summarize(results.Select(r => r.Latencies)),
            window.Seconds,
            usage)
        {
            Timeline = AnswerTimeline.Merge(seconds, results.Select(r => r.Timeline)),
        };

        async Task<(AnswerTally Tally, LatencyRecorder Latencies, AnswerTimeline Timeline)> Worker()
        {
            var tally = new AnswerTally();
            var latencies = new LatencyRecorder(4096);
            var timeline = new AnswerTimeline(seconds);
            while (!ct.IsCancellationRequested)
            {
                var sentAt = Stopwatch.GetTimestamp();
                if (sentAt >= window.Until)
                {
                    break;
                }

                using var request = source.Create(Interlocked.Increment(ref sequence));
                var result = await Exchange.SendAsync(invoker, request, timeout, ct);
                var doneAt = Stopwatch.GetTimestamp();
                if (window.Contains(doneAt))
                {
                    tally.Add(result.Answer);
                    latencies.Record(doneAt - sentAt);
                    timeline.Add(result.Answer, (int)((doneAt - window.From) / Stopwatch.Frequency));
                }
            }

            return (tally, latencies, timeline);
        }
    }
}

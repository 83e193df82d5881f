using System.Diagnostics;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Measurement;

namespace FlashSale.LoadDriver.Load;

/// <summary>
/// The open model (k6's constant-arrival-rate): requests start on a fixed timetable whether or not earlier
/// ones were answered, and each latency runs from the request's scheduled instant. A dedicated thread
/// wakes about every millisecond and starts everything due; when maxInFlight requests are outstanding it
/// waits for one to finish, and the wait shows up in the latencies of the requests it delayed.
/// </summary>
public static class OpenLoop
{
    public static async Task<LoadResult> RunAsync(
        HttpMessageInvoker invoker, IRequestSource source, double ratePerSecond, TimeSpan warmup, TimeSpan duration,
        int maxInFlight, TimeSpan timeout, CpuWatch? cpu, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10; // 100 ms to get the sender thread going
        var schedule = new ArrivalSchedule(start, ratePerSecond, warmup + duration);
        var window = MeasuredWindow.After(start, warmup, duration);
        var firstMeasured = (long)Math.Ceiling(ratePerSecond * warmup.TotalSeconds);
        var measured = schedule.TotalRequests - firstMeasured;
        var answers = new Answer[measured];
        var latencies = new long[measured];
        var done = new bool[measured];
        var requests = new Task[schedule.TotalRequests];
        using var slots = new SemaphoreSlim(maxInFlight);
        var maxLag = 0L;
        var lateSends = 0L;

        var cpuTask = window.WatchCpuAsync(cpu, ct);
        var sender = new Thread(Send) { IsBackground = true, Name = "open-model sender", Priority = ThreadPriority.AboveNormal };
        sender.Start();
        await Task.Run(sender.Join, ct);
        await Task.WhenAll(requests.Where(t => t is not null));
        var usage = await cpuTask;

        var tally = new AnswerTally();
        var recorder = new LatencyRecorder((int)Math.Max(measured, 1));
        for (var i = 0; i < measured; i++)
        {
            if (done[i])
            {
                tally.Add(answers[i]);
                recorder.Record(latencies[i]);
            }
        }

        var sent = new SenderStats(ratePerSecond, measured, tally.Total, maxInFlight,
            Math.Round(LatencyRecorder.ToMs(maxLag), 2), lateSends);
        return new LoadResult(tally, LatencyRecorder.Summarize([recorder]), window.Seconds, usage, sent);

        void Send()
        {
            try
            {
                SendOnSchedule();
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the requests already started finish or are cancelled with the same token.
            }
        }

        void SendOnSchedule()
        {
            var tenMs = Stopwatch.Frequency / 100;
            for (var next = 0L; next < schedule.TotalRequests && !ct.IsCancellationRequested;)
            {
                var due = schedule.DueBy(Stopwatch.GetTimestamp());
                for (; next < due; next++)
                {
                    slots.Wait(ct);
                    var dueAt = schedule.DueAt(next);
                    if (next >= firstMeasured)
                    {
                        var lag = Stopwatch.GetTimestamp() - dueAt;
                        maxLag = Math.Max(maxLag, lag);
                        lateSends += lag > tenMs ? 1 : 0;
                    }

                    requests[next] = Fire(next, dueAt);
                }

                if (next < schedule.TotalRequests && schedule.DueAt(next) > Stopwatch.GetTimestamp())
                {
                    // About 1 ms on Linux: a request waits at most that long past its instant, and the wait is in its latency.
                    Thread.Sleep(1);
                }
            }
        }

        async Task Fire(long index, long dueAt)
        {
            try
            {
                using var request = source.Create(index);
                var result = await Exchange.SendAsync(invoker, request, timeout, ct);
                var slot = index - firstMeasured;
                if (slot >= 0)
                {
                    answers[slot] = result.Answer;
                    latencies[slot] = Stopwatch.GetTimestamp() - dueAt;
                    done[slot] = true;
                }
            }
            finally
            {
                slots.Release();
            }
        }
    }
}

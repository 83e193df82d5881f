using System.Diagnostics;
using System.Runtime;

namespace FlashSale.LoadDriver.Measurement;

/// <summary>
/// Waits for the machine to be quiet before a measured opening. Freshly started hosts and this driver recompile
/// their hot code in the background for some seconds after a warm-up; on two shared cores that work would land in
/// the opening's latencies, while a real sale opens on hosts that have long been warm.
/// </summary>
public static class QuietStart
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Returns once the machine was less than <paramref name="busyBelow"/> busy (share of all cores, /proc/stat) and
    /// this driver compiled no method for two windows of 250 ms in a row, or after <paramref name="atMost"/>; returns
    /// how long it waited.
    /// </summary>
    public static async Task<TimeSpan> WaitAsync(double busyBelow, TimeSpan atMost, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var quietWindows = 0;
        var machine = ProcStat.ReadMachine();
        var compiled = JitInfo.GetCompiledMethodCount();
        while (quietWindows < 2 && Stopwatch.GetElapsedTime(started) < atMost)
        {
            await Task.Delay(Window, ct);
            var nextMachine = ProcStat.ReadMachine();
            var nextCompiled = JitInfo.GetCompiledMethodCount();
            var busy = machine is { } m && nextMachine is { } n && n.Total > m.Total
                ? (double)(n.Busy - m.Busy) / (n.Total - m.Total)
                : 0;
            quietWindows = busy < busyBelow && nextCompiled == compiled ? quietWindows + 1 : 0;
            (machine, compiled) = (nextMachine, nextCompiled);
        }

        return Stopwatch.GetElapsedTime(started);
    }
}

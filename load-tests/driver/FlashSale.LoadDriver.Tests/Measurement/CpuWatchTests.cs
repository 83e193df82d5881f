using System.Diagnostics;
using System.Globalization;
using FlashSale.LoadDriver.Measurement;
using Microsoft.Extensions.Time.Testing;

namespace FlashSale.LoadDriver.Tests.Measurement;

/// <summary>
/// The watch's arithmetic on a /proc this test writes (exact figures, so a wrong tree, tick rate or window
/// fails), and one look at the real /proc.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class CpuWatchTests : IDisposable
{
    private readonly string _proc = Directory.CreateTempSubdirectory("fake-proc-").FullName;
    private readonly FakeTimeProvider _clock = new();

    // Far from the test's own pid, which the watch always counts as the driver's.
    private readonly int _postgres = Environment.ProcessId + 1000;
    private int Backend => _postgres + 1;
    private int Worker => _postgres + 2;
    private int Redis => _postgres + 3;
    private int Unrelated => _postgres + 4;

    [Fact]
    public void A_watched_process_counts_its_descendants_over_the_window_and_the_rest_of_the_machine_is_others()
    {
        WriteMachine(busy: 1500, idle: 8500);
        WriteProcess(_postgres, parent: 1, ticks: 150);
        WriteProcess(Backend, parent: _postgres, ticks: 30);
        WriteProcess(Redis, parent: 1, ticks: 40);
        WriteProcess(Unrelated, parent: 1, ticks: 500);
        WriteProcess(Environment.ProcessId, parent: 1, ticks: 1000);
        Directory.CreateDirectory(Path.Combine(_proc, "self")); // not a pid: skipped
        var watch = new CpuWatch([new WatchedProcess("postgres", [_postgres]), new WatchedProcess("redis", [Redis])], _proc, _clock);

        watch.Start();
        _clock.Advance(TimeSpan.FromSeconds(2));
        WriteMachine(busy: 1500 + 900, idle: 8500 + 300); // 900 of 1200 ticks busy: three quarters of every core
        WriteProcess(_postgres, parent: 1, ticks: 150 + 30);
        WriteProcess(Backend, parent: _postgres, ticks: 30 + 20);
        WriteProcess(Worker, parent: Backend, ticks: 10); // born during the window: all its ticks are the window's
        File.Delete(Path.Combine(_proc, Redis.ToString(CultureInfo.InvariantCulture), "stat")); // exited meanwhile
        WriteProcess(Unrelated, parent: 1, ticks: 500 + 100);
        WriteProcess(Environment.ProcessId, parent: 1, ticks: 1000 + 20);
        var usage = watch.Stop()!;

        var cores = Environment.ProcessorCount;
        Assert.Equal(cores, usage.MachineCores);
        Assert.Equal(Math.Round(cores * 0.75, 2), usage.MachineBusyCores);
        // (30 + 20 + 10) ticks at 100 per second over 2 s; the driver's 20 ticks likewise.
        Assert.Equal([("postgres", 0.3), ("redis", 0.0), (CpuWatch.DriverLabel, 0.1)], usage.Processes.Select(p => (p.Label, p.Cores)));
        Assert.Equal(Math.Round(cores * 0.75 - 0.4, 2), usage.OthersCores);
    }

    [Fact]
    public void Without_a_proc_the_watch_reports_nothing()
    {
        var watch = new CpuWatch([], Path.Combine(_proc, "missing"), _clock);

        watch.Start();

        Assert.Null(watch.Stop());
    }

    [Fact]
    public void On_the_real_proc_the_driver_sees_its_own_busy_work()
    {
        var watch = new CpuWatch([new WatchedProcess("parent", [Environment.ProcessId])]);
        watch.Start();
        var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 2;
        while (Stopwatch.GetTimestamp() < until)
        {
        }

        var usage = watch.Stop();

        if (!CpuWatch.Available)
        {
            Assert.Null(usage); // not Linux: the watch is off
            return;
        }

        var self = usage!.Processes.Single(p => p.Label == CpuWatch.DriverLabel);
        // Half a second of spinning on a shared box (load 20 on 2 cores leaves it a tenth of one): a sliver at least.
        Assert.InRange(self.Cores, 0.01, Environment.ProcessorCount);
        Assert.InRange(usage.MachineBusyCores, 0.01, Environment.ProcessorCount + 0.01);
        Assert.Equal(self.Cores, usage.Processes.Single(p => p.Label == "parent").Cores, 2);
    }

    public void Dispose() => Directory.Delete(_proc, recursive: true);

    private void WriteMachine(long busy, long idle) =>
        File.WriteAllText(Path.Combine(_proc, "stat"), string.Create(CultureInfo.InvariantCulture, $"cpu  {busy} 0 0 {idle} 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\n"));

    /// <summary>A /proc/[pid]/stat line: ppid is field 4, utime and stime fields 14 and 15 (the ticks split between them).</summary>
    private void WriteProcess(int pid, int parent, long ticks)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_proc, pid.ToString(CultureInfo.InvariantCulture)));
        File.WriteAllText(Path.Combine(dir.FullName, "stat"), string.Create(CultureInfo.InvariantCulture,
            $"{pid} (proc {pid}) S {parent} {pid} {pid} 0 -1 4194560 0 0 0 0 {ticks - ticks / 3} {ticks / 3} 0 0 20 0 1 0 0 0 0\n"));
    }
}

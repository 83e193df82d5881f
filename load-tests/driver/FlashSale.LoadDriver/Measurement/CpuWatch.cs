using System.Globalization;

namespace FlashSale.LoadDriver.Measurement;

/// <summary>Cores a watched process (with its children) kept busy during the measured window: 1.0 is one core.</summary>
public sealed record ProcessCpu(string Label, double Cores);

/// <summary>Where the machine's CPU went during the window; Others is what no watched process used (other work on the box).</summary>
public sealed record CpuUsage(int MachineCores, double MachineBusyCores, IReadOnlyList<ProcessCpu> Processes, double OthersCores)
{
    /// <summary>How long the watch ran: busy cores × this is the CPU time spent in the window.</summary>
    public double WindowSeconds { get; init; }
}

/// <summary>A process to watch, given as label=pid or label=pid,pid (several processes under one label).</summary>
public sealed record WatchedProcess(string Label, IReadOnlyList<int> Pids)
{
    public static WatchedProcess Parse(string spec)
    {
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        var pids = equals > 0
            ? spec[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        if (equals <= 0 || pids.Length == 0 || pids.Any(p => !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw new Cli.UsageException($"--watch takes label=pid or label=pid,pid, got '{spec}'");
        }

        return new WatchedProcess(spec[..equals], pids.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray());
    }
}

/// <summary>
/// CPU per process during a measured window, from /proc (Linux): two snapshots, each process counted
/// with all its descendants (PostgreSQL's backends, RabbitMQ's helpers). The driver watches itself too,
/// since it shares the cores with what it measures. Off on systems without /proc.
/// The proc root and the clock can be given, so the arithmetic is tested on a /proc the test writes.
/// </summary>
public sealed class CpuWatch(IReadOnlyList<WatchedProcess> watched, string procRoot = CpuWatch.ProcRoot, TimeProvider? time = null)
{
    public const string DriverLabel = "load driver";

    private const string ProcRoot = "/proc";

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private Snapshot? _start;

    public static bool Available => File.Exists(Path.Combine(ProcRoot, "stat"));

    public void Start() => _start = File.Exists(Path.Combine(procRoot, "stat")) ? Take() : null;

    public CpuUsage? Stop()
    {
        if (_start is not { } start)
        {
            return null;
        }

        var end = Take();
        var seconds = (end.Timestamp - start.Timestamp) / (double)_time.TimestampFrequency;
        var busyTicks = end.MachineBusy - start.MachineBusy;
        var totalTicks = end.MachineTotal - start.MachineTotal;
        var cores = Environment.ProcessorCount;
        var machineBusy = totalTicks > 0 ? cores * (double)busyTicks / totalTicks : 0;

        var processes = Labels().Select(w =>
        {
            var ticks = Tree(end, w.Pids).Sum(pid => end.Ticks[pid] - start.Ticks.GetValueOrDefault(pid));
            return new ProcessCpu(w.Label, Math.Round(ticks / ProcStat.TicksPerSecond / seconds, 2));
        }).ToList();
        var others = Math.Max(0, machineBusy - processes.Sum(p => p.Cores));
        return new CpuUsage(cores, Math.Round(machineBusy, 2), processes, Math.Round(others, 2)) { WindowSeconds = Math.Round(seconds, 3) };
    }

    private IEnumerable<WatchedProcess> Labels() => watched.Append(new WatchedProcess(DriverLabel, [Environment.ProcessId]));

    /// <summary>The given pids and every descendant, as they stand in the snapshot.</summary>
    private static HashSet<int> Tree(Snapshot snapshot, IReadOnlyList<int> roots)
    {
        var found = new HashSet<int>(roots.Where(snapshot.Ticks.ContainsKey));
        var queue = new Queue<int>(found);
        while (queue.TryDequeue(out var pid))
        {
            if (snapshot.Children.TryGetValue(pid, out var children))
            {
                foreach (var child in children.Where(found.Add))
                {
                    queue.Enqueue(child);
                }
            }
        }

        return found;
    }

    private Snapshot Take()
    {
        var ticks = new Dictionary<int, long>();
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (ProcStat.ParseProcess(File.ReadAllText(Path.Combine(dir, "stat"))) is { } process)
                {
                    ticks[pid] = process.CpuTicks;
                    if (!children.TryGetValue(process.ParentPid, out var list))
                    {
                        children[process.ParentPid] = list = [];
                    }

                    list.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while the snapshot was taken.
            }
        }

        var machine = ProcStat.ReadMachine(procRoot) ?? (0, 0);
        return new Snapshot(_time.GetTimestamp(), machine.Busy, machine.Total, ticks, children);
    }

    private sealed record Snapshot(long Timestamp, long MachineBusy, long MachineTotal, Dictionary<int, long> Ticks, Dictionary<int, List<int>> Children);
}

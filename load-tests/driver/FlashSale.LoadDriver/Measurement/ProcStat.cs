using System.Globalization;

namespace FlashSale.LoadDriver.Measurement;

/// <summary>Parsing of Linux /proc/[pid]/stat and the "cpu" line of /proc/stat (times in USER_HZ ticks).</summary>
public static class ProcStat
{
    /// <summary>USER_HZ: fixed at 100 by the Linux ABI for everything /proc reports to user space.</summary>
    public const double TicksPerSecond = 100;

    /// <summary>Parent pid and user + system CPU ticks of every thread of the process, or null for an unreadable line.</summary>
    public static (int ParentPid, long CpuTicks)? ParseProcess(string statLine)
    {
        // The command name (field 2) is in parentheses and may itself hold spaces and ')': split after the last ')'.
        var close = statLine.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = statLine[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state): ppid is field 4, utime field 14, stime field 15.
        if (fields.Length < 13 ||
            !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent) ||
            !long.TryParse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture, out var user) ||
            !long.TryParse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out var system))
        {
            return null;
        }

        return (parent, user + system);
    }

    /// <summary>The machine's busy and total ticks now (<see cref="ParseMachine"/> of <paramref name="procRoot"/>/stat), or null without one.</summary>
    public static (long Busy, long Total)? ReadMachine(string procRoot = "/proc")
    {
        var path = Path.Combine(procRoot, "stat");
        return File.Exists(path) ? ParseMachine(File.ReadLines(path).First()) : null;
    }

    /// <summary>Busy and total ticks over all cores from the first ("cpu ...") line of /proc/stat; iowait counts as idle.</summary>
    public static (long Busy, long Total)? ParseMachine(string cpuLine)
    {
        var fields = cpuLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 9 || fields[0] != "cpu")
        {
            return null;
        }

        var values = new long[8];
        for (var i = 0; i < 8; i++)
        {
            if (!long.TryParse(fields[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        // user nice system idle iowait irq softirq steal
        var idle = values[3] + values[4];
        var total = values.Sum();
        return (total - idle, total);
    }
}

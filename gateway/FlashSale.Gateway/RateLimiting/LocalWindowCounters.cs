namespace FlashSale.Gateway.RateLimiting;

/// <summary>
/// This replica's own counters with the rules of <see cref="RedisWindowCounters"/> (check every limit,
/// then count on all; a window opens with its first request). The fallback while Redis does not answer:
/// limits then hold per replica, not across replicas (see <see cref="LimitGate"/>).
/// </summary>
public sealed class LocalWindowCounters(TimeProvider time)
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _lastSweep = time.GetTimestamp();

    public LimitVerdict TryAcquire(IReadOnlyList<LimitCheck> checks)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            SweepClosedWindows(now);
            foreach (var check in checks)
            {
                if (_windows.TryGetValue(check.CounterKey, out var window) && window.ClosesAt > now && window.Count >= check.Limit.PermitLimit)
                {
                    return new LimitVerdict(check, time.GetElapsedTime(now, window.ClosesAt));
                }
            }

            foreach (var check in checks)
            {
                if (_windows.TryGetValue(check.CounterKey, out var window) && window.ClosesAt > now)
                {
                    window.Count++;
                }
                else
                {
                    _windows[check.CounterKey] = new Window { Count = 1, ClosesAt = now + Ticks(check.Limit.Window) };
                }
            }

            return LimitVerdict.Passed;
        }
    }

    /// <summary>Closed windows are dropped once a second, so an outage with many users does not grow memory without end.</summary>
    private void SweepClosedWindows(long now)
    {
        if (time.GetElapsedTime(_lastSweep, now) < SweepInterval)
        {
            return;
        }

        _lastSweep = now;
        foreach (var (key, window) in _windows)
        {
            if (window.ClosesAt <= now)
            {
                _windows.Remove(key);
            }
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    private sealed class Window
    {
        public int Count { get; set; }
        public long ClosesAt { get; init; }
    }
}

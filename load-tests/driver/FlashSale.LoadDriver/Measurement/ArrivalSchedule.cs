using System.Diagnostics;

namespace FlashSale.LoadDriver.Measurement;

/// <summary>
/// The open model's timetable: request i is due at start + i / rate, computed from i (never by adding
/// intervals, which drifts). Latency is measured from these instants, not from when a request was
/// actually sent, so a stalled system cannot hide its stall by slowing the sender (coordinated omission).
/// </summary>
public sealed class ArrivalSchedule
{
    private readonly double _ticksPerRequest;

    public ArrivalSchedule(long startTimestamp, double ratePerSecond, TimeSpan duration)
    {
        if (!(ratePerSecond > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(ratePerSecond), ratePerSecond, "The arrival rate must be positive.");
        }

        Start = startTimestamp;
        RatePerSecond = ratePerSecond;
        _ticksPerRequest = Stopwatch.Frequency / ratePerSecond;
        TotalRequests = (long)Math.Floor(ratePerSecond * duration.TotalSeconds);
    }

    public long Start { get; }

    public double RatePerSecond { get; }

    /// <summary>How many requests the schedule holds: rate × duration, rounded down.</summary>
    public long TotalRequests { get; }

    /// <summary>The Stopwatch timestamp at which request <paramref name="index"/> (0-based) is due.</summary>
    public long DueAt(long index) => Start + (long)(index * _ticksPerRequest);

    /// <summary>How many requests are due at <paramref name="now"/> (all of them once the schedule has run out).</summary>
    public long DueBy(long now)
    {
        if (now < Start)
        {
            return 0;
        }

        // The division is only a first guess: DueAt truncates to whole ticks, so settle on exactly the
        // requests with DueAt(i) <= now, whichever way floating point rounded.
        var due = Math.Min((long)Math.Floor((now - Start) / _ticksPerRequest) + 1, TotalRequests);
        while (due < TotalRequests && DueAt(due) <= now)
        {
            due++;
        }

        while (due > 0 && DueAt(due - 1) > now)
        {
            due--;
        }

        return due;
    }
}

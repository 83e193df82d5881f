namespace FlashSale.BuildingBlocks.Ids;

/// <summary>
/// Snowflake-style id generator. Ids from one generator strictly increase; ids from generators with
/// different worker ids never collide. A clock that steps backwards by up to
/// <see cref="IdGeneratorOptions.MaxClockRollback"/> is absorbed by continuing from the last timestamp
/// issued (a logical clock), so ids stay unique and increasing; a larger step is refused, because
/// continuing would tie this worker's ids to a time far from the wall clock.
/// </summary>
public sealed class SnowflakeIdGenerator : IIdGenerator
{
    private readonly TimeProvider _time;
    private readonly int _workerId;
    private readonly long _maxRollbackMs;
    private readonly Lock _gate = new();
    private long _lastMs = -1;
    private int _sequence;

    public SnowflakeIdGenerator(int workerId, TimeSpan maxClockRollback, TimeProvider time)
    {
        if (workerId is < 0 or > SnowflakeId.MaxWorkerId)
        {
            throw new ArgumentOutOfRangeException(nameof(workerId),
                $"Ids:WorkerId must be between 0 and {SnowflakeId.MaxWorkerId}, got {workerId}.");
        }

        _workerId = workerId;
        _maxRollbackMs = (long)maxClockRollback.TotalMilliseconds;
        _time = time;
    }

    public int WorkerId => _workerId;

    public long NextId()
    {
        lock (_gate)
        {
            var now = CurrentMs();
            if (now < _lastMs)
            {
                if (_lastMs - now > _maxRollbackMs)
                {
                    throw new ClockMovedBackwardsException(_lastMs - now, _maxRollbackMs);
                }

                now = _lastMs;
            }

            if (now == _lastMs)
            {
                _sequence = (_sequence + 1) & SnowflakeId.MaxSequence;
                if (_sequence == 0)
                {
                    // 4096 ids in one millisecond: borrow the next millisecond instead of spinning.
                    // The real clock catches up at once, and the rollback bound still caps any lead.
                    now = _lastMs + 1;
                }
            }
            else
            {
                _sequence = 0;
            }

            _lastMs = now;
            return new SnowflakeId(now, _workerId, _sequence).Value;
        }
    }

    private long CurrentMs()
    {
        var ms = (long)(_time.GetUtcNow() - SnowflakeId.Epoch).TotalMilliseconds;
        if (ms is < 0 or > SnowflakeId.MaxTimestampMs)
        {
            throw new InvalidOperationException($"The clock ({_time.GetUtcNow():O}) is outside the id generator's range.");
        }

        return ms;
    }
}

public sealed class ClockMovedBackwardsException(long rollbackMs, long toleratedMs)
    : InvalidOperationException(
        $"The clock moved backwards by {rollbackMs} ms (tolerated: {toleratedMs} ms); refusing to issue ids until it catches up.")
{
    public long RollbackMs { get; } = rollbackMs;
}

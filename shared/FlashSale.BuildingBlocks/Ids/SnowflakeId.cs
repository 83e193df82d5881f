namespace FlashSale.BuildingBlocks.Ids;

/// <summary>
/// The bit layout of a snowflake id: 1 unused sign bit, 41 bits of milliseconds since <see cref="Epoch"/>
/// (about 69 years), 10 bits of worker id, 12 bits of per-millisecond sequence.
/// </summary>
public readonly record struct SnowflakeId(long TimestampMs, int WorkerId, int Sequence)
{
    public const int WorkerIdBits = 10;
    public const int SequenceBits = 12;
    public const int MaxWorkerId = (1 << WorkerIdBits) - 1;
    public const int MaxSequence = (1 << SequenceBits) - 1;
    public const long MaxTimestampMs = (1L << 41) - 1;

    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset CreatedAt => Epoch.AddMilliseconds(TimestampMs);

    public long Value => (TimestampMs << (WorkerIdBits + SequenceBits)) | ((long)WorkerId << SequenceBits) | (long)Sequence;

    public static SnowflakeId Decompose(long id) => new(
        id >> (WorkerIdBits + SequenceBits),
        (int)((id >> SequenceBits) & MaxWorkerId),
        (int)(id & MaxSequence));
}

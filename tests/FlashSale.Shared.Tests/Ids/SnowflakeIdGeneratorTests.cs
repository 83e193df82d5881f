using System.Collections.Concurrent;
using FlashSale.BuildingBlocks.Ids;

namespace FlashSale.Shared.Tests.Ids;

public sealed class SnowflakeIdGeneratorTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static SnowflakeIdGenerator Generator(TimeProvider time, int workerId = 7, TimeSpan? rollback = null) =>
        new(workerId, rollback ?? TimeSpan.FromSeconds(5), time);

    [Fact]
    public void Ids_from_many_threads_are_unique_and_increase_within_each_thread()
    {
        var generator = Generator(TimeProvider.System);
        var all = new ConcurrentBag<long>();
        const int threads = 8, perThread = 50_000;

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            var previous = 0L;
            for (var i = 0; i < perThread; i++)
            {
                var id = generator.NextId();
                Assert.True(id > previous, $"id {id} after {previous} is not increasing");
                previous = id;
                all.Add(id);
            }
        });

        Assert.Equal(threads * perThread, all.Distinct().Count());
    }

    [Fact]
    public void Ids_carry_their_time_worker_and_sequence()
    {
        var time = new ManualClock(Noon);
        var generator = Generator(time, workerId: 42);

        var first = SnowflakeId.Decompose(generator.NextId());
        var second = SnowflakeId.Decompose(generator.NextId());
        time.SetUtcNow(Noon.AddMilliseconds(3));
        var third = SnowflakeId.Decompose(generator.NextId());

        Assert.Equal(Noon, first.CreatedAt);
        Assert.Equal(42, first.WorkerId);
        Assert.Equal((0, 1), (first.Sequence, second.Sequence));
        Assert.Equal(Noon.AddMilliseconds(3), third.CreatedAt);
        Assert.Equal(0, third.Sequence);
    }

    [Fact]
    public void Ids_are_monotonic_across_milliseconds_and_a_full_sequence()
    {
        var time = new ManualClock(Noon);
        var generator = Generator(time);
        var previous = 0L;

        // More than 4096 ids in one millisecond: the generator borrows the next millisecond.
        for (var i = 0; i < 3 * (SnowflakeId.MaxSequence + 1); i++)
        {
            if (i % 1000 == 999)
            {
                time.SetUtcNow(time.GetUtcNow().AddMilliseconds(1));
            }

            var id = generator.NextId();
            Assert.True(id > previous);
            previous = id;
        }
    }

    [Fact]
    public void Different_workers_never_collide_at_the_same_instant()
    {
        var time = new ManualClock(Noon);
        var ids = Enumerable.Range(0, 16)
            .SelectMany(worker => { var g = Generator(time, worker); return Enumerable.Range(0, 100).Select(_ => g.NextId()); })
            .ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void A_small_clock_rollback_keeps_ids_unique_and_increasing()
    {
        var time = new ManualClock(Noon);
        var generator = Generator(time, rollback: TimeSpan.FromSeconds(5));
        var before = generator.NextId();

        time.SetUtcNow(Noon.AddSeconds(-2));
        var during = Enumerable.Range(0, 10).Select(_ => generator.NextId()).ToList();
        time.SetUtcNow(Noon.AddSeconds(1));
        var after = generator.NextId();

        Assert.True(during[0] > before);
        Assert.Equal(during.OrderBy(x => x), during);
        Assert.True(after > during[^1]);
        Assert.Equal(Noon.AddSeconds(1), SnowflakeId.Decompose(after).CreatedAt);
    }

    [Fact]
    public void A_large_clock_rollback_is_refused_rather_than_risking_duplicates()
    {
        var time = new ManualClock(Noon);
        var generator = Generator(time, rollback: TimeSpan.FromSeconds(5));
        generator.NextId();

        time.SetUtcNow(Noon.AddSeconds(-30));

        var error = Assert.Throws<ClockMovedBackwardsException>(() => generator.NextId());
        Assert.Equal(30_000, error.RollbackMs);
        time.SetUtcNow(Noon.AddMilliseconds(1));
        Assert.Equal(Noon.AddMilliseconds(1), SnowflakeId.Decompose(generator.NextId()).CreatedAt);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1024)]
    public void Worker_ids_outside_ten_bits_are_refused(int workerId) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Generator(TimeProvider.System, workerId));

    [Fact]
    public void Decompose_inverts_the_layout()
    {
        var id = new SnowflakeId(123_456_789, 1023, 4095);
        Assert.Equal(id, SnowflakeId.Decompose(id.Value));
        Assert.True(id.Value > 0);
    }
}

/// <summary>A clock the test sets, backwards too (FakeTimeProvider refuses to go back in time).</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public void SetUtcNow(DateTimeOffset now) => _now = now;

    public override DateTimeOffset GetUtcNow() => _now;
}

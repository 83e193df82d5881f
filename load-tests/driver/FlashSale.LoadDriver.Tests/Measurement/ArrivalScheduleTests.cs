using System.Diagnostics;
using FlashSale.LoadDriver.Measurement;

namespace FlashSale.LoadDriver.Tests.Measurement;

public sealed class ArrivalScheduleTests
{
    [Fact]
    public void Instants_come_from_the_index_so_a_long_run_does_not_drift()
    {
        const double rate = 333.0;
        var schedule = new ArrivalSchedule(1_000, rate, TimeSpan.FromHours(1));

        var last = schedule.TotalRequests - 1;
        var exact = 1_000 + last * (Stopwatch.Frequency / rate);

        Assert.Equal(1_198_800, schedule.TotalRequests);
        Assert.InRange(schedule.DueAt(last), exact - 1, exact);
        Assert.Equal(1_000, schedule.DueAt(0));
    }

    [Fact]
    public void Due_counts_exactly_the_requests_whose_instant_has_come()
    {
        var schedule = new ArrivalSchedule(5_000, 777.7, TimeSpan.FromSeconds(3));
        var random = new Random(42);

        Assert.Equal(0, schedule.DueBy(4_999));
        Assert.Equal(1, schedule.DueBy(5_000));
        for (var i = 0; i < 10_000; i++)
        {
            var now = 5_000 + (long)(random.NextDouble() * 3.5 * Stopwatch.Frequency);
            var due = schedule.DueBy(now);

            Assert.InRange(due, 0, schedule.TotalRequests);
            if (due > 0)
            {
                Assert.True(schedule.DueAt(due - 1) <= now, $"request {due - 1} is counted but not due at {now}");
            }

            if (due < schedule.TotalRequests)
            {
                Assert.True(schedule.DueAt(due) > now, $"request {due} is due at {now} but not counted");
            }
        }
    }

    [Fact]
    public void The_schedule_holds_rate_times_duration_requests()
    {
        Assert.Equal(2_000, new ArrivalSchedule(0, 200, TimeSpan.FromSeconds(10)).TotalRequests);
        Assert.Equal(5, new ArrivalSchedule(0, 0.5, TimeSpan.FromSeconds(11)).TotalRequests);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArrivalSchedule(0, 0, TimeSpan.FromSeconds(1)));
    }
}

using FlashSale.LoadDriver.Shopping;

namespace FlashSale.LoadDriver.Tests.Shopping;

public sealed class PollBackoffTests
{
    private static readonly PollBackoff Backoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2));

    [Fact]
    public void Reads_come_soon_at_first_then_less_often_up_to_the_maximum()
    {
        var delays = Enumerable.Range(0, 8).Select(i => Backoff.Delay(i).TotalMilliseconds).ToList();

        Assert.Equal([200, 300, 450, 675, 1012.5, 1518.75, 2000, 2000], delays);
        Assert.Equal(TimeSpan.FromSeconds(2), Backoff.Delay(10_000));
    }

    [Fact]
    public void Jitter_keeps_each_wait_within_twenty_percent()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(160), Backoff.Jittered(0, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(200), Backoff.Jittered(0, 0.5));
        Assert.InRange(Backoff.Jittered(0, 0.999999).TotalMilliseconds, 239.9, 240);
    }

    [Fact]
    public void A_negative_read_number_is_an_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.Delay(-1));
    }
}

using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Scenarios.Demo;
using FlashSale.LoadDriver.Shopping;

namespace FlashSale.LoadDriver.Tests.Shopping;

public sealed class LiveCountersTests
{
    [Fact]
    public void Purchase_answers_are_counted_by_kind_and_open_orders_are_the_accepted_not_yet_ended()
    {
        var live = new LiveCounters();
        live.Purchase(new Answer(202));
        live.Purchase(new Answer(202));
        live.Purchase(new Answer(202));
        live.Purchase(new Answer(409, "sold-out"));
        live.Purchase(new Answer(429, "rate-limited"));
        live.Purchase(new Answer(403, "limit-reached"));
        live.Purchase(Answer.TimedOut);
        live.Purchase(new Answer(503, "service-unavailable"));
        live.Request();
        live.Ended(OrderStatuses.Paid);
        live.Ended(OrderStatuses.Cancelled);
        live.Ended(OrderStatuses.AwaitingPayment);

        var s = live.Snapshot();
        Assert.Equal((3L, 1L, 1L, 1L, 2L), (s.Accepted, s.SoldOut, s.RateLimited, s.OtherRefusals, s.Failures));
        Assert.Equal((1L, 1L, 1L), (s.Paid, s.Cancelled, s.Open));
        Assert.Equal(8, s.PurchaseAnswers);
        Assert.Equal(9, s.Requests);
    }

    [Fact]
    public void The_progress_line_names_every_count_and_the_request_rate()
    {
        var line = DemoProgress.Line(TimeSpan.FromSeconds(12.4), new LiveSnapshot(9000, 320, 4012, 120, 0, 0, 250, 30), 812.6);

        Assert.Equal("  [ 12 s] accepted   320 | sold-out   4012 | rate-limited   120 | paid   250 | cancelled   30 | open    40 |   813 req/s", line);
    }
}

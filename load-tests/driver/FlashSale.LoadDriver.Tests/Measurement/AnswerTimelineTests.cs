using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Measurement;

namespace FlashSale.LoadDriver.Tests.Measurement;

public sealed class AnswerTimelineTests
{
    [Fact]
    public void Workers_timelines_add_up_per_answer_and_second_and_answers_outside_the_window_are_left_out()
    {
        var accepted = new Answer(202);
        var first = new AnswerTimeline(3);
        var second = new AnswerTimeline(3);
        first.Add(accepted, 0);
        first.Add(accepted, 2);
        second.Add(accepted, 2);
        second.Add(accepted, 3);
        second.Add(accepted, -1);

        var merged = AnswerTimeline.Merge(3, [first, second]);

        Assert.Equal([1L, 0, 2], merged[accepted.ToString()]);
        Assert.Single(merged);
    }
}

using System.Net;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Load;
using FlashSale.LoadDriver.Tests.Http;

namespace FlashSale.LoadDriver.Tests.Load;

[Collection(TimingSensitive.Name)]
public sealed class LoadLoopTests
{
    private sealed class Requests : IRequestSource
    {
        public HttpRequestMessage Create(long sequence) => new(HttpMethod.Post, new Uri("http://fake/api/sales/1/purchases"));
    }

    [Fact]
    public async Task The_closed_model_counts_only_answers_inside_the_measured_window()
    {
        using var invoker = FakeHandler.Invoker((_, _) =>
            (HttpStatusCode.Conflict, """{"type":"https://flashsale.dev/problems/sold-out"}""", TimeSpan.FromMilliseconds(2)), out var handler);

        var result = await ClosedLoop.RunAsync(invoker, new Requests(), connections: 4, warmup: TimeSpan.FromMilliseconds(300),
            duration: TimeSpan.FromSeconds(1), timeout: TimeSpan.FromSeconds(5), cpu: null, CancellationToken.None);

        var answers = result.Answers.ToDictionary();
        Assert.Equal(["409 sold-out"], answers.Keys);
        Assert.InRange(result.Answers.Total, 10, handler.Count - 1);
        Assert.Equal(1.0, result.MeasuredSeconds, 3);
        Assert.Equal(result.Answers.Total, result.Latency!.Count);
    }

    [Fact]
    public async Task The_open_model_charges_a_stall_to_every_request_scheduled_during_it()
    {
        // 200/s for 2 s, one request at a time: request 100 (t = 0.5 s) stalls 500 ms. The ~100 requests due
        // during the stall cannot start on time; a closed-model driver would report one slow request, the
        // open model reports the wait of each of them, measured from when it should have started.
        using var invoker = FakeHandler.Invoker((_, n) =>
            (HttpStatusCode.Accepted, "{}", n == 100 ? TimeSpan.FromMilliseconds(500) : TimeSpan.Zero), out _);

        var result = await OpenLoop.RunAsync(invoker, new Requests(), ratePerSecond: 200, warmup: TimeSpan.Zero,
            duration: TimeSpan.FromSeconds(2), maxInFlight: 1, timeout: TimeSpan.FromSeconds(5), cpu: null, CancellationToken.None);

        var latency = result.Latency!;
        Assert.Equal(400, latency.Count);
        Assert.Equal(400, result.Answers.Count(new Answer(202)));
        Assert.True(latency.P50Ms < 100, $"p50 {latency.P50Ms} ms: most requests were not delayed");
        Assert.True(latency.P90Ms > 100, $"p90 {latency.P90Ms} ms: a quarter of the requests waited behind the stall");
        Assert.True(latency.MaxMs >= 480, $"max {latency.MaxMs} ms");
        Assert.True(result.Sender!.SentOver10MsLate >= 80, $"{result.Sender.SentOver10MsLate} requests sent late");
    }

    [Fact]
    public async Task The_open_model_keeps_its_rate_when_answers_are_slow()
    {
        // Every answer takes 200 ms, far longer than the 10 ms between arrivals: with room in flight the
        // sender keeps the timetable, so 100 requests start within the measured second and each latency is ~200 ms.
        using var invoker = FakeHandler.Invoker((_, _) => (HttpStatusCode.OK, "{}", TimeSpan.FromMilliseconds(200)), out _);

        var result = await OpenLoop.RunAsync(invoker, new Requests(), ratePerSecond: 100, warmup: TimeSpan.FromMilliseconds(500),
            duration: TimeSpan.FromSeconds(1), maxInFlight: 100, timeout: TimeSpan.FromSeconds(5), cpu: null, CancellationToken.None);

        Assert.Equal(100, result.Answers.Count(new Answer(200)));
        // At least the answer's 200 ms; more on a busy machine, where continuations wait for a thread.
        Assert.InRange(result.Latency!.P50Ms, 195, 5_000);
        // A sender that waited for answers would fall further behind with each one, seconds by the end; on a
        // busy shared machine this one may be late by a scheduling hiccup, never by an accumulating backlog.
        Assert.True(result.Sender!.MaxLagMs < 1_000, $"the sender fell {result.Sender.MaxLagMs} ms behind its timetable");
    }
}

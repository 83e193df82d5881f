using System.Net;
using FlashSale.LoadDriver.Http;

namespace FlashSale.LoadDriver.Tests.Http;

public sealed class ExchangeTests
{
    private static readonly Uri Somewhere = new("http://127.0.0.1:1/api/sales/1/purchases");

    [Fact]
    public async Task A_problem_is_reduced_to_its_status_and_type_with_the_retry_after()
    {
        using var invoker = FakeHandler.Invoker((_, _) => (HttpStatusCode.TooManyRequests,
            """{"type":"https://flashsale.dev/problems/rate-limited","title":"Too many requests."}""", TimeSpan.Zero), out _);

        var result = await Exchange.SendAsync(invoker, new HttpRequestMessage(HttpMethod.Post, Somewhere), TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(new Answer(429, "rate-limited"), result.Answer);
        Assert.Equal(TimeSpan.FromSeconds(3), result.RetryAfter);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task A_success_carries_no_problem_and_its_body_when_asked()
    {
        using var invoker = FakeHandler.Invoker((_, _) => (HttpStatusCode.Accepted, """{"orderId":"7","status":"pending"}""", TimeSpan.Zero), out _);

        var result = await Exchange.SendAsync(invoker, new HttpRequestMessage(HttpMethod.Post, Somewhere), TimeSpan.FromSeconds(5),
            CancellationToken.None, captureBody: true);

        Assert.Equal(new Answer(202), result.Answer);
        Assert.Equal("""{"orderId":"7","status":"pending"}""", result.Body);
    }

    [Fact]
    public async Task A_slow_answer_is_a_timeout_not_an_exception()
    {
        using var invoker = FakeHandler.Invoker((_, _) => (HttpStatusCode.OK, "", TimeSpan.FromSeconds(30)), out _);

        var result = await Exchange.SendAsync(invoker, new HttpRequestMessage(HttpMethod.Get, Somewhere), TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.Equal(Answer.TimedOut, result.Answer);
        Assert.True(result.Answer.IsServerError);
    }

    [Fact]
    public async Task A_refused_connection_is_a_failed_answer()
    {
        using var invoker = LoadHttp.Create(1);

        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        var result = await Exchange.SendAsync(invoker, new HttpRequestMessage(HttpMethod.Get, Somewhere), TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(Answer.Failed, result.Answer);
    }

    [Fact]
    public void Answers_print_as_status_and_problem()
    {
        Assert.Equal("409 sold-out", new Answer(409, "sold-out").ToString());
        Assert.Equal("202", new Answer(202).ToString());
        Assert.Equal("0 timeout", Answer.TimedOut.ToString());
    }

    [Fact]
    public void Client_addresses_walk_the_loopback_range()
    {
        Assert.Equal(IPAddress.Parse("127.0.0.1"), LoadHttp.ClientAddress(1));
        Assert.Equal(IPAddress.Parse("127.0.0.254"), LoadHttp.ClientAddress(254));
        Assert.Equal(IPAddress.Parse("127.0.1.1"), LoadHttp.ClientAddress(255));
    }
}

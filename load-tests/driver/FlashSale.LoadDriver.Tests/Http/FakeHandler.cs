using System.Net;
using System.Text;

namespace FlashSale.LoadDriver.Tests.Http;

/// <summary>An in-memory server: answers each request with what the function returns, after its delay.</summary>
public sealed class FakeHandler(Func<HttpRequestMessage, long, (HttpStatusCode Status, string Body, TimeSpan Delay)> answer) : HttpMessageHandler
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public static HttpMessageInvoker Invoker(Func<HttpRequestMessage, long, (HttpStatusCode, string, TimeSpan)> answer, out FakeHandler handler)
    {
        handler = new FakeHandler(answer);
        return new HttpMessageInvoker(handler);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _count) - 1;
        var (status, body, delay) = answer(request, n);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/problem+json") };
        if (status == HttpStatusCode.TooManyRequests)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3));
        }

        return response;
    }
}

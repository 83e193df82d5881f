using System.Buffers;
using System.Text;

namespace FlashSale.LoadDriver.Http;

/// <summary>One answer, and the body when the caller asked for it (setup calls, the spike's order ids).</summary>
public readonly record struct ExchangeResult(Answer Answer, string? Body, TimeSpan? RetryAfter);

/// <summary>
/// Sends one request and reduces the response to an <see cref="Answer"/>. Bodies are read into a pooled
/// buffer (the connection goes back to the pool only once its body is read) and parsed only for
/// problems; a transport failure or a timeout is an answer too, never an exception.
/// </summary>
public static class Exchange
{
    private const int BufferSize = 8 * 1024;

    public static async Task<ExchangeResult> SendAsync(
        HttpMessageInvoker invoker, HttpRequestMessage request, TimeSpan timeout, CancellationToken ct, bool captureBody = false)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var response = await invoker.SendAsync(request, deadline.Token);
            var length = await ReadAsync(response, buffer, deadline.Token);
            var status = (int)response.StatusCode;
            var problem = status >= 400 ? ProblemTypeReader.Read(buffer.AsSpan(0, length)) : null;
            var body = captureBody ? Encoding.UTF8.GetString(buffer, 0, length) : null;
            return new ExchangeResult(new Answer(status, problem), body, response.Headers.RetryAfter?.Delta);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ExchangeResult(Answer.TimedOut, null, null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new ExchangeResult(Answer.Failed, null, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// For setup and verification calls whose answer may be large (a reconciliation report): the whole body,
    /// however long. A transport failure or a timeout is an answer here too.
    /// </summary>
    public static async Task<ExchangeResult> SendForWholeBodyAsync(HttpMessageInvoker invoker, HttpRequestMessage request, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await invoker.SendAsync(request, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            var status = (int)response.StatusCode;
            var problem = status >= 400 ? ProblemTypeReader.Read(Encoding.UTF8.GetBytes(body)) : null;
            return new ExchangeResult(new Answer(status, problem), body, response.Headers.RetryAfter?.Delta);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ExchangeResult(Answer.TimedOut, null, null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return new ExchangeResult(Answer.Failed, null, null);
        }
    }

    /// <summary>Reads up to the buffer's size and drains the rest, so the connection can be reused.</summary>
    private static async Task<int> ReadAsync(HttpResponseMessage response, byte[] buffer, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }

        if (length == buffer.Length)
        {
            await stream.CopyToAsync(Stream.Null, ct);
        }

        return length;
    }
}

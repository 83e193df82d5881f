using FlashSale.LoadDriver.Load;

namespace FlashSale.LoadDriver.Scenarios.HumanCheck;

/// <summary>
/// POST /api/sales/{id}/purchase-token from prepared requesters in turn: each a shopper's Authorization and, on a sale
/// with the check, a solution of its own (a solution buys one token, so a run needs one per request it sends).
/// </summary>
public sealed class TokenRequests(Uri gateway, string saleId, IReadOnlyList<(string Authorization, byte[]? Body)> requesters) : IRequestSource
{
    private readonly Uri _uri = new(gateway, $"/api/sales/{saleId}/purchase-token");

    public HttpRequestMessage Create(long sequence)
    {
        var (authorization, body) = requesters[(int)(sequence % requesters.Count)];
        var request = new HttpRequestMessage(HttpMethod.Post, _uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }

        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }
}

using System.Net;
using System.Net.Http.Headers;
using FlashSale.Payment.Payments;
using Polly;

namespace FlashSale.Payment.Orders;

/// <summary>The order service's answer to GET /internal/orders/{id}: the order as its owner may see it.</summary>
public sealed record OrderView(string Id, string UserId, decimal Amount, string Status, DateTimeOffset? PaymentDeadline)
{
    public const string AwaitingPayment = "awaitingPayment";

    /// <summary>Why this order cannot be paid now, or null when it can.</summary>
    public string? NotPayableBecause(DateTimeOffset now) => Status switch
    {
        AwaitingPayment when PaymentDeadline is { } deadline && deadline <= now =>
            $"The payment deadline of order {Id} passed at {deadline:O}; the order is being cancelled.",
        AwaitingPayment when Amount <= 0 => $"Order {Id} has nothing to pay.",
        AwaitingPayment => null,
        "pending" => $"Order {Id} is still being created; pay it once its status is awaitingPayment.",
        "paying" => $"Order {Id} is already being paid.",
        "paid" => $"Order {Id} is already paid.",
        "cancelled" => $"Order {Id} is cancelled and can no longer be paid.",
        _ => $"Order {Id} is {Status} and cannot be paid.",
    };
}

/// <summary>
/// Asks the order service for an order, forwarding the caller's own token: the order service answers only
/// to the owner, so someone else's order looks exactly like a missing one (404).
/// </summary>
public sealed class OrderLookup(HttpClient http)
{
    public async Task<OrderView?> FindAsync(long orderId, string bearerToken, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/internal/orders/{PaymentRules.FormatId(orderId)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<OrderView>(ct)
                ?? throw new HttpRequestException($"The order service answered an empty body for order {orderId}.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new HttpRequestException($"The order service answered an unreadable body for order {orderId}.", e);
        }
        catch (ExecutionRejectedException e)
        {
            // A timeout or an open circuit of the resilience pipeline: the order service is not answering,
            // which the shared handler turns into 503 + Retry-After like any unreachable dependency.
            throw new HttpRequestException($"The order service did not answer for order {orderId}: {e.Message}", e);
        }
    }
}

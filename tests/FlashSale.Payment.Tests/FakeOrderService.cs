using System.Collections.Concurrent;
using System.Globalization;
using FlashSale.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;

namespace FlashSale.Payment.Tests;

public sealed record FakeOrder(long Id, string UserId, decimal Amount, string Status, DateTimeOffset? PaymentDeadline);

/// <summary>
/// The order service's GET /internal/orders/{id} as the payment service sees it: the order for its owner
/// (the `sub` of the forwarded token), 404 for anyone else or an unknown id, 500 for a "broken" order.
/// </summary>
public sealed class FakeOrderService : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, FakeOrder> _orders = new();
    private readonly ConcurrentDictionary<long, bool> _broken = new();
    private FakeHttpPeer? _peer;

    public Uri Address => _peer!.Address;

    public static async Task<FakeOrderService> StartAsync()
    {
        var service = new FakeOrderService();
        service._peer = await FakeHttpPeer.StartAsync(app => app.MapGet("/internal/orders/{id}", service.Answer));
        return service;
    }

    public static long NewOrderId() => Random.Shared.NextInt64(1L << 40, 1L << 50);

    public FakeOrder Add(string userId, decimal amount = 9.90m, string status = "awaitingPayment", DateTimeOffset? paymentDeadline = null)
    {
        var order = new FakeOrder(NewOrderId(), userId, amount, status, paymentDeadline ?? DateTimeOffset.UtcNow.AddMinutes(15));
        _orders[order.Id] = order;
        return order;
    }

    public void SetStatus(long orderId, string status) => _orders[orderId] = _orders[orderId] with { Status = status };

    /// <summary>Lookups of this order fail with 500, as a crashing order service would answer.</summary>
    public long AddBroken()
    {
        var id = NewOrderId();
        _broken[id] = true;
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        if (_peer is not null)
        {
            await _peer.DisposeAsync();
        }
    }

    private IResult Answer(string id, HttpRequest request)
    {
        var orderId = long.Parse(id, CultureInfo.InvariantCulture);
        if (_broken.ContainsKey(orderId))
        {
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }

        var token = request.Headers.Authorization.ToString();
        var caller = token.StartsWith("Bearer ", StringComparison.Ordinal) ? new JsonWebToken(token["Bearer ".Length..]).Subject : null;
        return _orders.TryGetValue(orderId, out var order) && order.UserId == caller
            ? Results.Json(new
            {
                id = order.Id.ToString(CultureInfo.InvariantCulture),
                userId = order.UserId,
                amount = order.Amount,
                status = order.Status,
                paymentDeadline = order.PaymentDeadline,
            })
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, type: "https://flashsale.dev/problems/order-not-found");
    }
}

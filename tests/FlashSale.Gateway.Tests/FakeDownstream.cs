using System.Collections.Concurrent;
using FlashSale.Gateway.Routing;
using FlashSale.ServiceDefaults.Problems;
using FlashSale.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FlashSale.Gateway.Tests;

public sealed record FakePurchaseAccepted(string OrderId, string Status);

public sealed record FakePurchaseToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// A stand-in for the services behind the gateway, on a real port: accepts every purchase with 202 (what
/// inventory will answer) unless told the sale is sold out, issues purchase tokens, is always ready, and counts what reached it per sale.
/// </summary>
public sealed class FakeDownstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _purchases = new();
    private readonly ConcurrentDictionary<string, bool> _soldOut = new();
    private readonly ConcurrentDictionary<string, LimitedStock> _stocks = new();
    private long _nextOrderId;

    private FakeDownstream(int port)
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(BaseAddress.ToString());
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/api/sales/{id}/purchases/{address}", async Task<IResult> (string id) =>
        {
            _purchases.AddOrUpdate(id, 1, (_, count) => count + 1);
            if (_stocks.TryGetValue(id, out var stock) && !await stock.TakeAsync())
            {
                return ProblemTypes.SoldOut(id);
            }

            if (_soldOut.ContainsKey(id))
            {
                return ProblemTypes.SoldOut(id);
            }

            var orderId = Interlocked.Increment(ref _nextOrderId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Accepted($"/api/orders/{orderId}", new FakePurchaseAccepted(orderId, "pending"));
        });
        _app.MapPost("/api/sales/{id}/purchase-token", (string id) =>
            TypedResults.Ok(new FakePurchaseToken($"{id}.fake", DateTimeOffset.UtcNow.AddMinutes(1))));
        _app.MapGet("/api/sales/{id}/challenge", () => TypedResults.Ok(new { algorithm = "SHA-256" }));
        _app.MapPost("/api/orders/{id}/payment", (string id) => TypedResults.Accepted($"/api/orders/{id}/payment"));
        _app.MapGet("/api/orders/{id}", (string id) => TypedResults.Ok(new { id }));
        _app.MapGet("/health/ready", () => TypedResults.Ok());
    }

    public Uri BaseAddress { get; }

    public static async Task<FakeDownstream> StartAsync()
    {
        var downstream = new FakeDownstream(HostProcess.FreePort());
        await downstream._app.StartAsync();
        return downstream;
    }

    /// <summary>From now on every purchase of the sale is answered 409 sold-out, as inventory answers it.</summary>
    public void SellOut(string saleId) => _soldOut[saleId] = true;

    /// <summary>
    /// The sale has <paramref name="units"/> units, one per purchase, each purchase decided after <paramref name="answerAfter"/>
    /// and an admitted one answered <paramref name="admittedAnswerAfter"/> later still; <paramref name="taken"/> runs for each
    /// unit taken (the test keeps Redis's copy of the units left as inventory would).
    /// </summary>
    public LimitedStock Stock(string saleId, int units, TimeSpan answerAfter, Func<Task> taken, TimeSpan admittedAnswerAfter = default) =>
        _stocks[saleId] = new LimitedStock(units, answerAfter, taken, admittedAnswerAfter);

    /// <summary>Purchases of the sale that got through the gateway.</summary>
    public int PurchasesReceived(string saleId) => _purchases.GetValueOrDefault(saleId);

    /// <summary>The gateway's Services:* settings, every service pointed at this fake.</summary>
    public Dictionary<string, string?> ServiceSettings() =>
        DownstreamServices.Names.ToDictionary(name => $"Services:{name}", _ => (string?)BaseAddress.ToString());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A sale's units at the fake inventory, and how many of its purchases were there at once at most.</summary>
public sealed class LimitedStock(int units, TimeSpan answerAfter, Func<Task> taken, TimeSpan admittedAnswerAfter)
{
    private int _units = units;
    private int _here;
    private int _mostAtOnce;

    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    public async Task<bool> TakeAsync()
    {
        var here = Interlocked.Increment(ref _here);
        for (var most = MostAtOnce; here > most; most = MostAtOnce)
        {
            Interlocked.CompareExchange(ref _mostAtOnce, here, most);
        }

        try
        {
            await Task.Delay(answerAfter);
            if (Interlocked.Decrement(ref _units) < 0)
            {
                return false;
            }

            await taken();
            await Task.Delay(admittedAnswerAfter);
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _here);
        }
    }
}

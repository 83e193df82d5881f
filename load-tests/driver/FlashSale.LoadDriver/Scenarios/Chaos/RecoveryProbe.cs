using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Http;

namespace FlashSale.LoadDriver.Scenarios.Chaos;

/// <summary>One probe: a purchase on the probe sale taken through the whole saga (token, 202, awaiting payment, pay, paid).</summary>
public sealed record ProbeResult(DateTimeOffset StartedAt, DateTimeOffset? PaidAt);

/// <summary>
/// How long the system takes to work again after a fault: every <c>interval</c> a new shopper of a sale of its own
/// (stock that never runs out, a cheap price the dev profile's opening balance covers) buys one unit and pays, all the way
/// to paid. That covers every hop a fault can stop: gateway, inventory's Redis script and relay, RabbitMQ, the order
/// service's consumers and PostgreSQL, the payment and wallet services. Recovery is the time from the instant the fault
/// ended (the server accepting connections again, or the instance killed) to the first probe started at or after it
/// that is paid.
/// </summary>
public sealed class RecoveryProbe(GatewayApi api, HttpMessageInvoker client, string saleId, string runTag, TimeSpan timeout)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);
    private readonly ConcurrentBag<ProbeResult> _results = [];
    private readonly ConcurrentBag<Task> _running = [];

    public IReadOnlyCollection<ProbeResult> Results => _results;

    /// <summary>Starts a probe every <paramref name="interval"/> until <paramref name="stop"/>; then waits for those under way.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var index = i;
            _running.Add(Task.Run(() => ProbeAsync(index), CancellationToken.None));
            try
            {
                await timer.WaitForNextTickAsync(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(_running);
    }

    /// <summary>Seconds from <paramref name="back"/> to the first probe started at or after it seen paid; null if none was.</summary>
    public double? FirstPaidSeconds(DateTimeOffset back) =>
        _results.Where(r => r.StartedAt >= back && r.PaidAt is not null).Select(r => (r.PaidAt!.Value - back).TotalSeconds)
            .DefaultIfEmpty(double.NaN).Min() is var s && double.IsNaN(s) ? null : Math.Round(s, 2);

    /// <summary>The median time a probe took from its start to paid before <paramref name="before"/>: the path's normal latency.</summary>
    public double? NormalSeconds(DateTimeOffset before)
    {
        var times = _results.Where(r => r.StartedAt < before && r.PaidAt is not null).Select(r => (r.PaidAt!.Value - r.StartedAt).TotalSeconds).Order().ToList();
        return times.Count == 0 ? null : Math.Round(times[times.Count / 2], 2);
    }

    private async Task ProbeAsync(int index)
    {
        var startedAt = DateTimeOffset.UtcNow;
        using var patience = new CancellationTokenSource(Patience);
        DateTimeOffset? paidAt = null;
        try
        {
            paidAt = await BuyAndPayAsync(index, patience.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or Cli.SetupException or HttpRequestException or JsonException)
        {
            // Not paid within its patience: the result says so.
        }

        _results.Add(new ProbeResult(startedAt, paidAt));
    }

    private async Task<DateTimeOffset?> BuyAndPayAsync(int index, CancellationToken ct)
    {
        var userId = string.Create(CultureInfo.InvariantCulture, $"probe-{runTag}-{index}");
        var authorization = api.ShopperAuthorization(userId);
        var token = await api.PurchaseTokenAsync(client, authorization, saleId, ct);
        var shopper = new Shopper(userId, authorization, Shopper.Body(token.Token, 1), 0, token.ExpiresAt, token.PurchaseUrl);
        var purchases = new PurchaseRequests(api.Gateway, saleId, [shopper], runTag);
        string? orderId = null;
        for (var attempt = 0; orderId is null; attempt++)
        {
            using var request = purchases.Create(shopper, $"{userId}-buy");
            var exchange = await Exchange.SendAsync(client, request, timeout, ct, captureBody: true);
            if (exchange.Answer.Status == 202)
            {
                orderId = JsonSerializer.Deserialize<PurchaseAccepted>(exchange.Body!, GatewayApi.Json)!.OrderId;
            }
            else
            {
                await Task.Delay(Pause(attempt), ct);
            }
        }

        var paid = false;
        for (var attempt = 0; ; attempt++)
        {
            var (_, order) = await api.OrderViewAsync(client, authorization, orderId, ct, paid ? "paid,cancelled" : "awaitingPayment");
            switch (order?.Status)
            {
                case "paid":
                    return DateTimeOffset.UtcNow;
                case "cancelled":
                    return null;
                case "awaitingPayment" when !paid:
                    var answer = await api.PayAsync(client, authorization, orderId, $"{userId}-pay", ct);
                    paid = answer.Status is >= 200 and < 300;
                    if (!paid)
                    {
                        await Task.Delay(Pause(attempt), ct);
                    }

                    break;
                case null:
                    await Task.Delay(Pause(attempt), ct);
                    break;
            }
        }
    }

    // Short pauses: the probe's point is to notice the first moment things work again.
    private static TimeSpan Pause(int attempt) => TimeSpan.FromMilliseconds(Math.Min(100 * (attempt + 1), 500));
}

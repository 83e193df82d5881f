using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Http;

namespace FlashSale.LoadDriver.Shopping;

/// <summary>
/// How the shoppers of a run behave. BuyUntil (a Stopwatch timestamp) ends the buying: a sold-out answer
/// is retried (with a new Idempotency-Key: a new attempt) every SoldOutRetry until then when SoldOutRetry
/// is positive, and 429s and failures are retried (same key: nothing was reserved) until then.
/// </summary>
public sealed record JourneySettings(PollBackoff Poll, TimeSpan MaxRetryAfter, TimeSpan SoldOutRetry, long BuyUntil, int MaxFailedAttempts = 20);

/// <summary>
/// A shopper through the whole flow of docs/api.md: purchase (202 with an order id), read the order until it
/// awaits payment, pay (unless they never pay), read it until it is paid or cancelled. A polite client:
/// a 429 waits its Retry-After, a failure is retried with the same Idempotency-Key. Cancelling the token
/// stops the journey where it stands; the result then shows how far it got.
/// </summary>
public sealed class ShopperJourney(
    GatewayApi api, PurchaseRequests purchases, HttpMessageInvoker[] clients, TimeSpan timeout, JourneySettings settings, LiveCounters live, string runTag)
{
    private static readonly TimeSpan FailurePause = TimeSpan.FromMilliseconds(500);

    public async Task<JourneyResult> RunAsync(Shopper shopper, int index, ShopperKind kind, CancellationToken ct)
    {
        var result = new JourneyResult(shopper, kind);
        try
        {
            if (await BuyAsync(result, index, ct) is { } orderId)
            {
                await FollowAsync(result, orderId, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Out of time: the result says how far this shopper got.
        }

        return result;
    }

    private async Task<string?> BuyAsync(JourneyResult result, int index, CancellationToken ct)
    {
        var client = clients[result.Shopper.Client];
        var attempt = 0;
        var failures = 0;
        var key = Key(index, attempt);
        while (true)
        {
            using var request = purchases.Create(result.Shopper, key);
            var sentAt = Stopwatch.GetTimestamp();
            var exchange = await Exchange.SendAsync(client, request, timeout, ct, captureBody: true);
            var answeredAt = Stopwatch.GetTimestamp();
            result.PurchaseLatency.Record(answeredAt - sentAt);
            result.PurchaseAnswers.Add(exchange.Answer);
            live.Purchase(exchange.Answer);
            var buying = answeredAt < settings.BuyUntil;
            switch (exchange.Answer)
            {
                case { Status: 202 }:
                    result.OrderId = JsonSerializer.Deserialize<PurchaseAccepted>(exchange.Body!, GatewayApi.Json)!.OrderId;
                    result.AcceptedAt = answeredAt;
                    return result.OrderId;
                case { Status: 409, Problem: "sold-out" } when buying && settings.SoldOutRetry > TimeSpan.Zero:
                    // Units come back when unpaid orders are cancelled: keen shoppers keep trying.
                    await Task.Delay(settings.SoldOutRetry * (0.5 + Random.Shared.NextDouble()), ct);
                    key = Key(index, ++attempt);
                    break;
                case { Status: 429 } when buying:
                    var wait = exchange.RetryAfter is { } retryAfter && retryAfter < settings.MaxRetryAfter ? retryAfter : settings.MaxRetryAfter;
                    await Task.Delay(wait * (0.5 + Random.Shared.NextDouble() / 2), ct);
                    break;
                case { IsServerError: true } when buying:
                    if (++failures >= settings.MaxFailedAttempts)
                    {
                        return null;
                    }

                    await Task.Delay(FailurePause, ct);
                    break;
                default:
                    return null;
            }
        }
    }

    // Long polls: the order service answers when the order moves (awaiting payment, then paid or cancelled), so
    // a shopper reads it about twice instead of polling; Poll only paces a read that did not answer 200.
    private async Task FollowAsync(JourneyResult result, string orderId, CancellationToken ct)
    {
        var client = clients[result.Shopper.Client];
        var authorization = result.Shopper.Authorization;
        var failedReads = 0;
        while (true)
        {
            var waitFor = result.Kind == ShopperKind.NeverPays || result.PaymentAnswer is not null ? FinalStatuses : OrderStatuses.AwaitingPayment;
            var (answer, order) = await api.OrderViewAsync(client, authorization, orderId, ct, waitFor);
            live.Request();
            result.OrderReads++;
            if (order is null)
            {
                result.UnexpectedOrderReads.Add(answer);
                await Task.Delay(settings.Poll.Jittered(failedReads++, Random.Shared.NextDouble()), ct);
                continue;
            }

            result.LastStatus = order.Status;
            if (OrderStatuses.IsFinal(order.Status))
            {
                result.CancelReason = order.CancelReason;
                result.EndedSeenAt = Stopwatch.GetTimestamp();
                live.Ended(order.Status);
                return;
            }

            if (order.Status == OrderStatuses.AwaitingPayment && result.Kind != ShopperKind.NeverPays && result.PaymentAnswer is null)
            {
                await PayAsync(result, client, orderId, ct);
            }
        }
    }

    private const string FinalStatuses = "paid,cancelled";
    private const string OrderNotYetKnown = "order-not-found";

    private async Task PayAsync(JourneyResult result, HttpMessageInvoker client, string orderId, CancellationToken ct)
    {
        result.PaymentSentAt = Stopwatch.GetTimestamp();
        var key = $"{runTag}-pay-{orderId}";
        for (var attempt = 1; ; attempt++)
        {
            var answer = await api.PayAsync(client, result.Shopper.Authorization, orderId, key, ct);
            live.Request();
            result.PaymentAnswer = answer;
            // 404 order-not-found right after the order service showed the order awaiting payment means the payment
            // service has not heard of it yet (its announcement is on the way, late after a fault): try again.
            if (!(answer.IsServerError || answer is { Status: 404, Problem: OrderNotYetKnown }) || attempt == settings.MaxFailedAttempts)
            {
                return;
            }

            await Task.Delay(FailurePause, ct);
        }
    }

    private string Key(int index, int attempt) => string.Create(CultureInfo.InvariantCulture, $"{runTag}-{index}-{attempt}");
}

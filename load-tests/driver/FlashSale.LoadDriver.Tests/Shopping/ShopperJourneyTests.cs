using System.Net;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Auth;
using FlashSale.LoadDriver.Shopping;
using FlashSale.LoadDriver.Tests.Http;

namespace FlashSale.LoadDriver.Tests.Shopping;

public sealed class ShopperJourneyTests
{
    private static readonly Uri Gateway = new("http://fake");
    private static readonly Shopper Alice = new("u-1", "Bearer alice", Shopper.Body("token", 1), 0, DateTimeOffset.MaxValue, "/api/sales/1/purchases/address");

    /// <summary>A gateway whose purchases answer in turn from <paramref name="purchases"/> and whose order moves on with every read.</summary>
    private sealed class FakeGateway(params (HttpStatusCode Status, string Body)[] purchases)
    {
        private readonly string[] _statuses = [OrderStatuses.Pending, OrderStatuses.AwaitingPayment];
        private int _purchase;
        private int _read;
        private bool _paid;

        public List<string> Requests { get; } = [];

        public string? CancelledReason { get; init; }

        public (HttpStatusCode, string, TimeSpan) Answer(HttpRequestMessage request, long _)
        {
            var path = request.RequestUri!.AbsolutePath;
            var key = request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : "";
            lock (Requests)
            {
                Requests.Add($"{request.Method} {path} {key}".TrimEnd());
                if (path.EndsWith("/purchases/address", StringComparison.Ordinal))
                {
                    var (purchaseStatus, body) = purchases[Math.Min(_purchase++, purchases.Length - 1)];
                    return (purchaseStatus, body, TimeSpan.Zero);
                }

                if (path.EndsWith("/payment", StringComparison.Ordinal))
                {
                    _paid = true;
                    _read = 0;
                    return (HttpStatusCode.Accepted, """{"paymentId":"9","status":"processing"}""", TimeSpan.Zero);
                }

                var read = _read++;
                var status = _paid
                    ? (read == 0 ? OrderStatuses.Paying : OrderStatuses.Paid)
                    : read < _statuses.Length ? _statuses[read] : CancelledReason is null ? OrderStatuses.AwaitingPayment : OrderStatuses.Cancelled;
                var reason = status == OrderStatuses.Cancelled ? $"\"{CancelledReason}\"" : "null";
                return (HttpStatusCode.OK, $$"""{"id":"77","status":"{{status}}","cancelReason":{{reason}}}""", TimeSpan.Zero);
            }
        }
    }

    private static readonly (HttpStatusCode, string) Accepted = (HttpStatusCode.Accepted, """{"orderId":"77","status":"pending"}""");
    private static readonly (HttpStatusCode, string) SoldOut = (HttpStatusCode.Conflict, """{"type":"https://flashsale.dev/problems/sold-out"}""");
    private static readonly (HttpStatusCode, string) RateLimited = (HttpStatusCode.TooManyRequests, """{"type":"https://flashsale.dev/problems/rate-limited"}""");

    private static async Task<(JourneyResult Result, LiveCounters Live)> RunAsync(FakeGateway fake, ShopperKind kind, long buyUntil = long.MaxValue)
    {
        using var invoker = FakeHandler.Invoker(fake.Answer, out _);
        var api = new GatewayApi(invoker, Gateway, DevJwt.Development(), TimeSpan.FromSeconds(5));
        var live = new LiveCounters();
        var settings = new JourneySettings(new PollBackoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)), TimeSpan.FromMilliseconds(10),
            TimeSpan.FromMilliseconds(10), buyUntil);
        var journey = new ShopperJourney(api, new PurchaseRequests(Gateway, "1", [Alice], "tag"), [invoker], TimeSpan.FromSeconds(5), settings, live, "tag");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return (await journey.RunAsync(Alice, 0, kind, timeout.Token), live);
    }

    [Fact]
    public async Task A_payer_buys_waits_for_the_order_pays_once_and_reads_it_until_paid()
    {
        var fake = new FakeGateway(Accepted);

        var (result, live) = await RunAsync(fake, ShopperKind.Payer);

        Assert.Equal(("77", OrderStatuses.Paid, (int?)202), (result.OrderId, result.LastStatus, result.PaymentAnswer?.Status));
        Assert.Equal(
            ["POST /api/sales/1/purchases/address tag-0-0", "GET /api/orders/77", "GET /api/orders/77", "POST /api/orders/77/payment tag-pay-77", "GET /api/orders/77", "GET /api/orders/77"],
            fake.Requests);
        Assert.True(result.AcceptedAt > 0 && result.PaymentSentAt >= result.AcceptedAt && result.EndedSeenAt >= result.PaymentSentAt);
        Assert.Equal((1L, 1L, 0L, 6L), (live.Snapshot().Accepted, live.Snapshot().Paid, live.Snapshot().Open, live.Snapshot().Requests));
    }

    [Fact]
    public async Task A_shopper_who_never_pays_reads_the_order_until_the_deadline_cancels_it()
    {
        var fake = new FakeGateway(Accepted) { CancelledReason = "payment-deadline-passed" };

        var (result, live) = await RunAsync(fake, ShopperKind.NeverPays);

        Assert.Equal((OrderStatuses.Cancelled, "payment-deadline-passed"), (result.LastStatus, result.CancelReason));
        Assert.Null(result.PaymentAnswer);
        Assert.DoesNotContain(fake.Requests, r => r.Contains("/payment", StringComparison.Ordinal));
        Assert.Equal(1, live.Snapshot().Cancelled);
    }

    [Fact]
    public async Task Sold_out_is_tried_again_as_a_new_purchase_and_a_429_repeats_the_same_one()
    {
        var fake = new FakeGateway(SoldOut, RateLimited, Accepted);

        var (result, _) = await RunAsync(fake, ShopperKind.Payer);

        Assert.Equal(
            ["POST /api/sales/1/purchases/address tag-0-0", "POST /api/sales/1/purchases/address tag-0-1", "POST /api/sales/1/purchases/address tag-0-1"],
            fake.Requests.Where(r => r.Contains("/purchases", StringComparison.Ordinal)));
        Assert.Equal("77", result.OrderId);
        Assert.Equal(3, result.PurchaseLatency.Count);
    }

    [Fact]
    public async Task Once_the_buying_is_over_a_sold_out_answer_ends_the_journey_without_an_order()
    {
        var fake = new FakeGateway(SoldOut, Accepted);

        var (result, live) = await RunAsync(fake, ShopperKind.Payer, buyUntil: 0);

        Assert.False(result.HasOrder);
        Assert.Single(fake.Requests);
        Assert.Equal(1, live.Snapshot().SoldOut);
    }
}

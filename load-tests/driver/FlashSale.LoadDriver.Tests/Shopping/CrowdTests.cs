using System.Diagnostics;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Shopping;

namespace FlashSale.LoadDriver.Tests.Shopping;

public sealed class CrowdTests
{
    private static JourneyResult Journey(int i, string? orderId, string? status, Answer? payment = null)
    {
        var journey = new JourneyResult(new Shopper($"u-{i}", "Bearer x", [], 0, DateTimeOffset.MaxValue, "/api/sales/1/purchases/address"), ShopperKind.Payer)
        {
            OrderId = orderId,
            LastStatus = status,
            PaymentAnswer = payment,
        };
        journey.PurchaseAnswers.Add(orderId is null ? new Answer(409, "sold-out") : new Answer(202));
        return journey;
    }

    [Fact]
    public void The_facts_count_distinct_accepted_orders_by_how_their_shoppers_last_saw_them()
    {
        JourneyResult[] journeys =
        [
            Journey(0, "1", OrderStatuses.Paid), Journey(1, "2", OrderStatuses.Cancelled), Journey(2, "3", OrderStatuses.Paying),
            Journey(3, "4", null), Journey(4, null, null),
        ];

        var facts = Crowd.Facts(journeys, storedOrders: 4);

        Assert.Equal(new FlashSale.LoadDriver.Verification.OrderFacts(Accepted: 4, Paid: 1, Cancelled: 1, NotEnded: 2, InDatabase: 4), facts);
    }

    [Fact]
    public void Answers_merge_purchases_payments_and_unexpected_order_reads()
    {
        var lost = Journey(2, "3", OrderStatuses.Paid, new Answer(503, "service-unavailable"));
        lost.UnexpectedOrderReads.Add(new Answer(404, "order-not-found"));
        JourneyResult[] journeys = [Journey(0, "1", OrderStatuses.Paid, new Answer(202)), Journey(1, null, null), lost];

        var answers = Crowd.Answers(journeys);

        Assert.Equal(2, answers["202"]);
        Assert.Equal(1, answers["409 sold-out"]);
        Assert.Equal(1, answers["payment 202"]);
        Assert.Equal(1, answers["payment 503 service-unavailable"]);
        Assert.Equal(1, answers["order read 404 order-not-found"]);
    }

    [Fact]
    public void Shoppers_saw_paid_from_their_202_to_the_read_that_showed_it()
    {
        var paid = Journey(0, "1", OrderStatuses.Paid);
        paid.AcceptedAt = 1000;
        paid.EndedSeenAt = 1000 + Stopwatch.Frequency * 2;
        var cancelled = Journey(1, "2", OrderStatuses.Cancelled);
        cancelled.AcceptedAt = 1000;
        cancelled.EndedSeenAt = 1000 + Stopwatch.Frequency;

        Assert.Equal([TimeSpan.FromSeconds(2)], Crowd.SawPaid([paid, cancelled]));
    }

    [Fact]
    public void The_opening_is_each_shoppers_first_call_only()
    {
        var first = Journey(0, "1", OrderStatuses.Paid);
        first.PurchaseLatency.Record(Stopwatch.Frequency / 5);
        var retried = Journey(1, null, null);
        retried.PurchaseLatency.Record(Stopwatch.Frequency / 10);
        retried.PurchaseLatency.Record(Stopwatch.Frequency * 3);
        var neverSent = Journey(2, null, null);

        var opening = Crowd.OpeningLatency([first, retried, neverSent])!;

        Assert.Equal((2, 100.0, 200.0), (opening.Count, opening.P50Ms, opening.MaxMs));
    }
}

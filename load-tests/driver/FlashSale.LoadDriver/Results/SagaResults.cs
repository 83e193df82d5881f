using FlashSale.LoadDriver.Database;
using FlashSale.LoadDriver.Measurement;

namespace FlashSale.LoadDriver.Results;

/// <summary>
/// The invariants of brief §5 after a run, as counts that must all be 0. Oversold: units sold or held
/// beyond the stock. Lost: accepted purchases that did not end as a paid or cancelled order, or orders
/// that do not match the accepted purchases one to one (null where the run cannot know its orders).
/// Drift: units on which the stores disagree (Redis vs PostgreSQL, inventory vs orders, reconciliation).
/// </summary>
public sealed record InvariantCounters(long Oversold, long? Lost, long Drift)
{
    public bool AllZero => Oversold == 0 && (Lost ?? 0) == 0 && Drift == 0;

    public static InvariantCounters Sum(IEnumerable<InvariantCounters> counters)
    {
        var all = counters.ToList();
        var lost = all.Where(c => c.Lost is not null).Select(c => c.Lost!.Value).ToList();
        return new InvariantCounters(all.Sum(c => c.Oversold), lost.Count > 0 ? lost.Sum() : null, all.Sum(c => c.Drift));
    }
}

/// <summary>
/// Orders settled end to end. PaidPerSecond = paid orders / (first reservation → last paid), both instants
/// stamped by the system (the order id's snowflake time and the order's settle time). Stage latencies:
/// reservation → order created (relay + queue + consumer), payment requested → paid (the saga's payment
/// leg: Try, capture, Confirm, each through an outbox and a queue), reservation → paid (all of it, with
/// the shopper's polling and paying in between), and the same as the shoppers saw it (202 → read "paid").
/// OrderReads: the shoppers' GET /api/orders/{id} while they waited (the polling load the saga ran under).
/// Waits: where the services' database sessions and the saga's queues stood meanwhile (sampled).
/// </summary>
public sealed record SagaFigures(
    long Accepted,
    long Paid,
    long Cancelled,
    long NotEnded,
    double SettleSeconds,
    double PaidPerSecond,
    LatencySummary? ReservationToPaid,
    LatencySummary? ReservationToOrder,
    LatencySummary? PaymentToPaid,
    LatencySummary? ShopperSawPaid,
    IReadOnlyList<OutboxLag> OutboxLag,
    long OrderReads = 0)
{
    public SagaWaits? Waits { get; init; }

    /// <summary>The system's broker messages and database commits from the shoppers' start until the sale was quiet.</summary>
    public SagaTraffic? Traffic { get; init; }
}

using System.Globalization;
using System.Text;
using FlashSale.LoadDriver.Measurement;
using static FlashSale.LoadDriver.Report.MarkdownText;

namespace FlashSale.LoadDriver.Report;

/// <summary>The results file's sections on the saga (orders settled, outbox lag) and on correctness after the run.</summary>
public static class SagaMarkdown
{
    public static void Settle(StringBuilder md, BenchReport report)
    {
        if (report.Settle.Count == 0)
        {
            return;
        }

        Line(md, "## Orders settled end to end (reservation → paid)");
        Line(md, "");
        Line(md, "Every shopper buys one unit at the same instant, pays as soon as the order awaits payment and reads it until it is paid. Settled orders/s = paid orders / (first reservation → last payment), both instants stamped by the services (the order id's snowflake time, the order's settle time).");
        Line(md, "");
        Line(md, "| subject | accepted | paid | cancelled | not ended | settled orders/s | × baseline | × bare YARP | × admitted purchases/s | reservation → paid p50 / p99 / p99.9 | reservation → order p50 / p99 | payment → paid p50 / p99 | order reads/s (polling) | CPU s per paid order (machine) |");
        Line(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|---:|");
        foreach (var row in report.Settle)
        {
            var s = row.Saga;
            Line(md, $"| {row.Subject} | {s.Accepted} | {s.Paid} | {s.Cancelled} | {s.NotEnded} | {s.PaidPerSecond:0.#} | {Ratio(row.ToBaseline)} | {Ratio(row.ToCeiling)} | {Ratio(row.ToAdmitted)} | {Seconds(s.ReservationToPaid, true)} | {Seconds(s.ReservationToOrder)} | {Seconds(s.PaymentToPaid)} | {s.OrderReads / Math.Max(s.SettleSeconds, 0.001):0} | {(row.CpuPerPaidOrder is { } c ? c.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "n/a")} |");
        }

        Line(md, "");
        Line(md, "× admitted purchases/s compares the settle rate with the same strategy's admitted purchases/s, each divided by the baseline around it. Reservation → order is the reservation's way to the order service (Redis stream, relay, RabbitMQ, consumer); payment → paid is the saga's payment leg (request, Try, capture: three round trips through outboxes and queues; the Confirm follows the paid order). Orders are read with long polls (`?waitFor=`), so reads/s is about two per order. CPU s per paid order is the machine's CPU from the first purchase until the sale is quiet (every unit sold, the stores agreeing), so it includes the saga's follow-ups, which the order service holds back `Orders:FollowUpDelay` (1 s) so the steps shoppers wait on go first.");
        Line(md, "");
        foreach (var row in report.Settle.Where(r => r.Saga.Traffic is not null && r.Saga.Paid > 0))
        {
            var (t, paid) = (row.Saga.Traffic!, (double)row.Saga.Paid);
            Line(md, $"Traffic per paid order ({row.Subject}), the whole system from the shoppers' start until the sale was quiet: **{t.Published / paid:0.0} broker messages published**, {t.Delivered / paid:0.0} delivered (RabbitMQ's counters; a bundle of saga messages is one), {t.Commits / paid:0.0} PostgreSQL commits in the four service databases (pg_stat_database, reads included).");
            Line(md, "");
        }

        foreach (var row in report.Settle)
        {
            Line(md, $"### Outbox relay lag during the settle run ({row.Subject}): sent_at − due time of the rows written meanwhile");
            Line(md, "");
            Line(md, "A row is due when it is written, except the saga's follow-ups (inventory's commit of a new order's hold; a paid order's Confirm, stock marked sold and payment settled), which nobody waits on and which the order service holds back on purpose (`Orders:FollowUpDelay`, \"held back\").");
            Line(md, "");
            Line(md, "| service | messages | held back | unsent | p50 ms | p99 ms | max ms |");
            Line(md, "|---|---:|---:|---:|---:|---:|---:|");
            foreach (var lag in row.Saga.OutboxLag)
            {
                Line(md, $"| {lag.Service} | {lag.Messages} | {lag.HeldBack} | {lag.Unsent} | {Ms(lag.Lag?.P50Ms)} | {Ms(lag.Lag?.P99Ms)} | {Ms(lag.Lag?.MaxMs)} |");
            }

            Line(md, "");
            Waits(md, row);
        }
    }

    private static void Waits(StringBuilder md, SettleRow row)
    {
        if (row.Saga.Waits is not { Samples: > 0 } waits)
        {
            return;
        }

        Line(md, $"### Where the saga waited during the settle run ({row.Subject}): {waits.Samples} samples, one every 0.5 s");
        Line(md, "");
        Line(md, "Sessions of the four service databases that were not idle (pg_stat_activity), on average: `idle in transaction` + `Client:ClientRead` is a transaction held open while PostgreSQL waits for the service's next statement (the service is the slow side); `Lock:...` waits for another session's lock; `CPU` runs.");
        Line(md, "");
        Line(md, "| database | state | wait | average sessions |");
        Line(md, "|---|---|---|---:|");
        foreach (var share in waits.Sessions.Take(10))
        {
            Line(md, $"| {share.Database} | {share.State} | {share.Wait} | {share.Average:0.0} |");
        }

        if (waits.Queues.Count > 0)
        {
            Line(md, "");
            Line(md, "| saga queue | average messages waiting | max |");
            Line(md, "|---|---:|---:|");
            foreach (var queue in waits.Queues)
            {
                Line(md, $"| {queue.Queue} | {queue.Average:0.#} | {queue.Max} |");
            }
        }

        Line(md, "");
    }

    public static void Correctness(StringBuilder md, BenchReport report)
    {
        if (report.Correctness.Count == 0)
        {
            return;
        }

        var total = report.Invariants;
        var failed = report.Correctness.Sum(r => r.Failed.Count);
        Line(md, "## Correctness after the run");
        Line(md, "");
        Line(md, total is null
            ? $"No run counted oversold / lost / drift; {failed} failed checks."
            : $"**oversold {total.Oversold}, lost {total.Lost?.ToString(CultureInfo.InvariantCulture) ?? "–"}, drift {total.Drift}** (all must be 0); {failed} failed checks: **{(total.AllZero && failed == 0 ? "PASS" : "FAIL")}**.");
        Line(md, "");
        Line(md, "| run | subject | oversold | lost | drift | checks | failed |");
        Line(md, "|---|---|---:|---:|---:|---:|---:|");
        foreach (var row in report.Correctness)
        {
            var c = row.Counters;
            Line(md, $"| {row.Scenario} | {row.Subject} | {Count(c?.Oversold)} | {Count(c?.Lost)} | {Count(c?.Drift)} | {row.Checks} | {row.Failed.Count} |");
        }

        Line(md, "");
        Line(md, "Oversold: units held or sold beyond the stock by PostgreSQL's ledger, accepted beyond stock + released, paid beyond the stock. Lost: accepted purchases not ended paid or cancelled, stored orders ≠ accepted purchases. Drift: Redis ≠ PostgreSQL once quiet, reconciliation's drift, ledger units unaccounted for, sold / released units ≠ paid / cancelled orders. The settle run checks its sale end to end; verify checks every other sale of the run once quiet (their orders still await payment, so it counts oversold and drift only).");
        Line(md, "");
        foreach (var check in report.Correctness.SelectMany(r => r.Failed))
        {
            Line(md, $"- **FAIL** {check.Name}: {check.Detail}");
        }

        if (failed > 0)
        {
            Line(md, "");
        }
    }

    private static string Seconds(LatencySummary? l, bool withP999 = false) => l is null
        ? "–"
        : withP999
            ? string.Create(CultureInfo.InvariantCulture, $"{l.P50Ms / 1000:0.00} / {l.P99Ms / 1000:0.00} / {l.P999Ms / 1000:0.00} s")
            : string.Create(CultureInfo.InvariantCulture, $"{l.P50Ms / 1000:0.00} / {l.P99Ms / 1000:0.00} s");

    private static string Ms(double? ms) => ms is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "–";

    private static string Count(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "–";

}

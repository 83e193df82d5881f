using System.Globalization;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Results;

namespace FlashSale.LoadDriver.Verification;

/// <summary>
/// What the run knows about its accepted purchases: how many distinct order ids answered 202, how their
/// shoppers last saw them, and how many orders the order service stored for the sale.
/// </summary>
public sealed record OrderFacts(long Accepted, long Paid, long Cancelled, long NotEnded, long InDatabase);

/// <summary>One sale once the system is quiet: its stock view, reconciliation's finding, and (when known) its orders.</summary>
public sealed record SaleFacts(StockView Stock, int Quantity, OrderFacts? Orders, SaleReconciliation? Reconciliation);

/// <summary>
/// The invariants of one quiet sale as checks, each feeding one counter (a check's excess is the count
/// it adds; where two checks measure the same units the counter takes the larger, not the sum):
/// oversold — PostgreSQL's ledger holding more than the stock, more units accepted than stock + released,
/// more paid or sold than the stock; lost — accepted orders not ended, orders not matching the accepted
/// purchases; drift — Redis ≠ PostgreSQL, reconciliation's drift, units neither available, held nor sold,
/// inventory's sold / released units ≠ the paid / cancelled orders.
/// </summary>
public static class SaleInvariants
{
    public static (InvariantCounters Counters, IReadOnlyList<CheckResult> Checks) Evaluate(SaleFacts facts)
    {
        var s = facts.Stock;
        var q = facts.Quantity;
        var sale = s.SaleId;
        var checks = new List<CheckResult>();
        long oversold = 0, drift = 0, lost = 0;

        void Check(string name, long excess, string detail, ref long counter)
        {
            checks.Add(new CheckResult($"sale {sale}: {name}", excess == 0, detail));
            counter = Math.Max(counter, Math.Abs(excess));
        }

        long accounted = (long)s.AvailableInDatabase + s.Reserved + s.Sold;
        Check("available + reserved + sold in PostgreSQL is no more than the stock", Math.Max(0, accounted - s.InitialStock),
            Text($"available {s.AvailableInDatabase} + reserved {s.Reserved} + sold {s.Sold} = {accounted}, stock {s.InitialStock}"), ref oversold);
        Check("no units missing from PostgreSQL's ledger (available + reserved + sold = stock)", Math.Max(0, s.InitialStock - accounted),
            Text($"{s.InitialStock - accounted} units neither available, held nor sold"), ref drift);
        Check("Redis agrees with PostgreSQL once quiet (availableInCache = availableInDatabase)",
            s.AvailableInCache is { } cache ? cache - s.AvailableInDatabase : s.InitialStock,
            Text($"availableInCache {s.AvailableInCache?.ToString(CultureInfo.InvariantCulture) ?? "missing"}, availableInDatabase {s.AvailableInDatabase}"), ref drift);

        if (facts.Reconciliation is { } r)
        {
            Check("reconciliation finds no drift", r.Drift,
                Text($"drift {r.Drift}, finding {r.Finding ?? "–"}, repaired {r.Repaired}"), ref drift);
        }
        else
        {
            Check("reconciliation reports the sale", 1, "the sale is missing from POST /api/admin/reconciliation's report", ref drift);
        }

        if (facts.Orders is { } o)
        {
            Check("accepted units within stock + released units", Math.Max(0, o.Accepted * q - (s.InitialStock + (long)s.Released)),
                Text($"accepted {o.Accepted * q} units, stock {s.InitialStock} + released {s.Released}"), ref oversold);
            Check("paid units within the stock", Math.Max(0, o.Paid * q - s.InitialStock),
                Text($"paid {o.Paid * q} units, stock {s.InitialStock}"), ref oversold);
            Check("every accepted purchase ended paid or cancelled", o.NotEnded,
                Text($"{o.Paid} paid + {o.Cancelled} cancelled of {o.Accepted} accepted; {o.NotEnded} not ended"), ref lost);
            Check("one stored order per accepted purchase", o.InDatabase - o.Accepted,
                Text($"{o.InDatabase} orders stored for the sale, {o.Accepted} accepted"), ref lost);
            if (o.NotEnded == 0)
            {
                Check("inventory's sold units = the paid orders' units", s.Sold - o.Paid * q,
                    Text($"sold {s.Sold}, paid {o.Paid * q} units"), ref drift);
                Check("inventory's released units = the cancelled orders' units (each returned once)", s.Released - o.Cancelled * q,
                    Text($"released {s.Released}, cancelled {o.Cancelled * q} units"), ref drift);
                Check("no units held once every order ended", s.Reserved,
                    Text($"reserved {s.Reserved}"), ref drift);
            }
        }

        return (new InvariantCounters(oversold, facts.Orders is null ? null : lost, drift), checks);
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

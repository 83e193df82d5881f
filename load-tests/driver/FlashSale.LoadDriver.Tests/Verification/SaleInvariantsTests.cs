using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Results;
using FlashSale.LoadDriver.Verification;

namespace FlashSale.LoadDriver.Tests.Verification;

public sealed class SaleInvariantsTests
{
    // A finished sale of 100 units: 130 purchases accepted, 30 cancelled (their units released and sold again), 100 paid.
    private static readonly StockView Sold = new("7", 100, 0, 0, 0, 100, 30);
    private static readonly OrderFacts Orders = new(Accepted: 130, Paid: 100, Cancelled: 30, NotEnded: 0, InDatabase: 130);
    private static readonly SaleReconciliation Consistent = new("7", 0, 0, 0, 100, 30, 0, false, "consistent");

    private static (InvariantCounters Counters, List<string> Failed) Evaluate(StockView stock, OrderFacts? orders, SaleReconciliation? reconciliation)
    {
        var (counters, checks) = SaleInvariants.Evaluate(new SaleFacts(stock, 1, orders, reconciliation));
        return (counters, checks.Where(c => !c.Passed).Select(c => c.Name.Replace("sale 7: ", "", StringComparison.Ordinal)).ToList());
    }

    [Fact]
    public void A_finished_sale_with_resold_units_passes_with_every_counter_at_zero()
    {
        var (counters, failed) = Evaluate(Sold, Orders, Consistent);

        Assert.Empty(failed);
        Assert.Equal(new InvariantCounters(0, 0, 0), counters);
        Assert.True(counters.AllZero);
    }

    [Fact]
    public void Units_beyond_the_stock_are_oversold_by_whichever_measure_sees_the_most()
    {
        var (ledger, ledgerFailed) = Evaluate(Sold with { Sold = 102 }, Orders with { Paid = 102, Accepted = 132, InDatabase = 132 }, Consistent);
        Assert.Equal(2, ledger.Oversold);
        Assert.Contains("available + reserved + sold in PostgreSQL is no more than the stock", ledgerFailed);
        Assert.Contains("paid units within the stock", ledgerFailed);

        var (accepted, acceptedFailed) = Evaluate(Sold, Orders with { Accepted = 135, Cancelled = 35, InDatabase = 135 }, Consistent);
        Assert.Equal(5, accepted.Oversold);
        Assert.Contains("accepted units within stock + released units", acceptedFailed);
    }

    [Fact]
    public void An_accepted_purchase_that_never_ends_or_has_no_stored_order_is_lost()
    {
        var (open, openFailed) = Evaluate(Sold with { Reserved = 1, Sold = 99 }, Orders with { Paid = 99, NotEnded = 1 }, Consistent);
        Assert.Equal(1, open.Lost);
        Assert.Equal(["every accepted purchase ended paid or cancelled"], openFailed);

        var (missing, missingFailed) = Evaluate(Sold, Orders with { InDatabase = 127 }, Consistent);
        Assert.Equal(3, missing.Lost);
        Assert.Equal(["one stored order per accepted purchase"], missingFailed);
    }

    [Fact]
    public void Stores_that_disagree_are_drift()
    {
        Assert.Equal(4, Evaluate(Sold with { AvailableInCache = 4 }, Orders, Consistent).Counters.Drift);
        Assert.Equal(100, Evaluate(Sold with { AvailableInCache = null }, Orders, Consistent).Counters.Drift);
        Assert.Equal(3, Evaluate(Sold, Orders, Consistent with { Drift = -3, Repaired = true }).Counters.Drift);
        Assert.Equal(1, Evaluate(Sold, Orders, null).Counters.Drift);

        // Two units released twice: released and available exceed what the cancelled orders gave back.
        var (twice, twiceFailed) = Evaluate(Sold with { Released = 32, AvailableInDatabase = 2, AvailableInCache = 2 }, Orders, Consistent);
        Assert.Equal(new InvariantCounters(2, 0, 2), twice);
        Assert.Contains("inventory's released units = the cancelled orders' units (each returned once)", twiceFailed);
    }

    [Fact]
    public void Units_neither_available_held_nor_sold_are_drift_and_so_is_a_sale_count_apart_from_the_paid_orders()
    {
        var (stranded, strandedFailed) = Evaluate(Sold with { Sold = 97 }, Orders with { Paid = 97, Cancelled = 33 }, Consistent);
        Assert.Equal(3, stranded.Drift);
        Assert.Contains("no units missing from PostgreSQL's ledger (available + reserved + sold = stock)", strandedFailed);

        var (unsold, unsoldFailed) = Evaluate(Sold with { Sold = 99, Reserved = 1 }, Orders, Consistent);
        Assert.Equal(1, unsold.Drift);
        Assert.Contains("inventory's sold units = the paid orders' units", unsoldFailed);
        Assert.Contains("no units held once every order ended", unsoldFailed);
    }

    [Fact]
    public void Without_its_orders_a_sale_is_checked_for_oversold_and_drift_only_and_may_hold_units_for_open_orders()
    {
        var open = new StockView("7", 10_000_000, 9_994_000, 9_994_000, 6000, 0, 0);

        var (counters, failed) = Evaluate(open, null, Consistent with { AvailableInCache = 9_994_000, AvailableInDatabase = 9_994_000 });

        Assert.Empty(failed);
        Assert.Equal(new InvariantCounters(0, null, 0), counters);
        Assert.Equal(new InvariantCounters(5, 2, 1), InvariantCounters.Sum([counters, new(5, 2, 1), new(0, null, 0)]));
    }
}

using System.Globalization;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Database;
using FlashSale.LoadDriver.Measurement;
using FlashSale.LoadDriver.Results;
using FlashSale.LoadDriver.Shopping;

namespace FlashSale.LoadDriver.Verification;

/// <summary>A sale whose shoppers are done, checked: its stock view once quiet, its stored orders, and the invariants.</summary>
public sealed record FinishedSaleCheck(
    StockView Stock, bool Quiet, TimeSpan Waited, IReadOnlyList<OrderRecord> Orders, InvariantCounters Counters, IReadOnlyList<CheckResult> Checks)
{
    public bool Passed => Counters.AllZero && Checks.All(c => c.Passed);
}

public static class FinishedSale
{
    /// <summary>
    /// Waits until the sale is quiet (every accepted unit sold or released and both stores agreeing, or — if
    /// some orders never ended — the stores agreeing), runs a reconciliation, reads the stored orders and
    /// evaluates <see cref="SaleInvariants"/> for one-unit purchases.
    /// </summary>
    public static async Task<FinishedSaleCheck> VerifyAsync(
        GatewayApi api, SagaDatabase database, string saleId, IReadOnlyList<JourneyResult> journeys, TimeSpan quietTimeout, CancellationToken ct)
    {
        var seen = Crowd.Facts(journeys, storedOrders: 0);
        var quietWhen = seen.NotEnded == 0 ? QuietStock.AllOrdersEnded(seen.Accepted) : QuietStock.StoresAgree;
        var (view, quiet, waited) = await QuietStock.WaitAsync(api, saleId, quietWhen, quietTimeout, ct);
        var reconciliation = await api.ReconcileAsync(ct);
        var orders = await database.OrdersOfSaleAsync(long.Parse(saleId, CultureInfo.InvariantCulture), ct);
        var facts = new SaleFacts(view, 1, Crowd.Facts(journeys, orders.Count), reconciliation.Sales.FirstOrDefault(s => s.SaleId == saleId));
        var (counters, checks) = SaleInvariants.Evaluate(facts);
        var quietCheck = new CheckResult($"sale {saleId}: quiet within {quietTimeout.TotalSeconds:0} s (all accepted units sold or released, Redis = PostgreSQL)",
            quiet, string.Create(CultureInfo.InvariantCulture, $"after {waited.TotalSeconds:0.0} s"));
        return new FinishedSaleCheck(view, quiet, waited, orders, counters, [quietCheck, .. checks]);
    }

    /// <summary>
    /// The checked sale's settle figures: stage latencies from the services' own timestamps, and each service's
    /// outbox lag over the rows written in [<paramref name="from"/>, <paramref name="until"/>).
    /// </summary>
    public static async Task<SagaFigures> FiguresAsync(
        SagaDatabase database, FinishedSaleCheck check, IReadOnlyList<JourneyResult> journeys, DateTimeOffset from, DateTimeOffset until, CancellationToken ct)
    {
        var paymentRequests = await database.PaymentRequestsAsync(check.Orders.Select(o => o.Id).ToList(), ct);
        var lags = new List<OutboxLag>();
        foreach (var service in SagaDatabase.Services)
        {
            lags.Add(await database.OutboxLagAsync(service, from, until, ct));
        }

        var seen = Crowd.Facts(journeys, check.Orders.Count);
        return SettleRate.Figures(check.Orders, paymentRequests, seen.Accepted, seen.NotEnded, Crowd.SawPaid(journeys), lags, journeys.Sum(j => (long)j.OrderReads));
    }
}

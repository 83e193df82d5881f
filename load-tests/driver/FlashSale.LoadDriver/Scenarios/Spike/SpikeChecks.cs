using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Results;

namespace FlashSale.LoadDriver.Scenarios.Spike;

/// <summary>
/// The acceptance of the purchase-admission issue, as checks: exactly the stock accepted, every other
/// attempt sold-out / limit-reached / rate-limited, no 5xx, the per-user limit held, the admin stock view
/// agreeing, every accepted purchase visible as an order of its shopper.
/// </summary>
public static class SpikeChecks
{
    /// <summary>The answers a refused attempt may get in a spike.</summary>
    public static readonly Answer[] Refusals = [new(409, "sold-out"), new(403, "limit-reached"), new(429, "rate-limited")];

    public static IEnumerable<CheckResult> OfAnswers(SpikeOutcome outcome, int stock, int perUserLimit)
    {
        var answers = outcome.Answers;
        var accepted = outcome.AcceptedUnits;
        yield return new CheckResult($"exactly {stock} units accepted", accepted == stock,
            $"{accepted} units in {outcome.Accepted.Count} accepted purchases");

        var serverErrors = answers.Count(a => a.IsServerError);
        yield return new CheckResult("no 5xx and no failed or timed-out request", serverErrors == 0,
            $"{serverErrors} of {answers.Total} attempts");

        // Server errors and timeouts fail the check above; here only other client answers (invalid-token, ...) count.
        var refusals = answers.Count(a => Refusals.Contains(a));
        var other = answers.Count(a => a.Status != 202 && !a.IsServerError && !Refusals.Contains(a));
        yield return new CheckResult("every other attempt answered sold-out, limit-reached or rate-limited", other == 0,
            $"{refusals} refusals of those kinds, {other} answers of other kinds");

        var most = outcome.UnitsByUser.Values.DefaultIfEmpty(0).Max();
        yield return new CheckResult($"no shopper holds more than the per-user limit ({perUserLimit})", most <= perUserLimit,
            $"most units held by one shopper: {most}");

        var distinct = outcome.Accepted.Select(a => a.OrderId).Distinct(StringComparer.Ordinal).Count();
        yield return new CheckResult("each accepted purchase has its own order id", distinct == outcome.Accepted.Count,
            $"{distinct} distinct order ids for {outcome.Accepted.Count} accepted purchases");
    }

    /// <summary>
    /// Once quiet, both stores must show exactly the accepted units gone: Redis took them at admission,
    /// PostgreSQL when the order saga committed them (docs/api.md: availableInCache == availableInDatabase).
    /// </summary>
    public static IEnumerable<CheckResult> OfStock(StockView view, int stock, long acceptedUnits)
    {
        yield return new CheckResult("stock view: initial stock as created", view.InitialStock == stock,
            $"initialStock {view.InitialStock}");

        yield return new CheckResult("stock view: Redis has exactly the accepted units taken", view.AvailableInCache == stock - acceptedUnits,
            $"availableInCache {view.AvailableInCache?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, expected {stock - acceptedUnits}");

        var takenInDatabase = (long)view.InitialStock - view.AvailableInDatabase;
        yield return new CheckResult("stock view: PostgreSQL has exactly the accepted units taken once quiet (availableInDatabase = availableInCache)",
            takenInDatabase == acceptedUnits && view.AvailableInCache == view.AvailableInDatabase,
            $"availableInDatabase {view.AvailableInDatabase}, reserved {view.Reserved}, sold {view.Sold}, {takenInDatabase} taken of {acceptedUnits} accepted");
    }

    public static CheckResult OfOrders(int visible, int accepted, IReadOnlyDictionary<string, long> otherAnswers) =>
        new("every accepted purchase is an order its shopper can read (GET /api/orders/{id})", visible == accepted,
            visible == accepted
                ? $"{visible} of {accepted} answered 200"
                : $"{visible} of {accepted} answered 200; others: {string.Join(", ", otherAnswers.Select(a => $"{a.Key} x{a.Value}"))}");
}

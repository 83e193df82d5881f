using System.Globalization;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Database;
using FlashSale.LoadDriver.Shopping;
using FlashSale.LoadDriver.Verification;

namespace FlashSale.LoadDriver.Scenarios.Chaos;

/// <summary>
/// A played round's sale checked from the stores once every order is past its payment deadline + 30 s: the sale's
/// invariants (oversold, lost, drift: <see cref="FinishedSale"/>, with each order's status as the order service stored
/// it), the wallet's ledger against the orders, every order ended in time; and liveness: the willing payers paid and the
/// recovery the probe measured.
/// </summary>
public sealed class ChaosVerification(GatewayApi api, SagaDatabase database, ChaosStores stores)
{
    private static readonly TimeSpan DeadlineGrace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan QuietTimeout = TimeSpan.FromSeconds(150);

    /// <summary>When the round can be checked: its last order's deadline + 30 s (now if it has no order).</summary>
    public async Task<DateTimeOffset> DueAtAsync(PlayedRound round, CancellationToken ct)
    {
        var orders = await stores.OrdersAsync(long.Parse(round.SaleId, CultureInfo.InvariantCulture), ct);
        return orders.Count == 0 ? DateTimeOffset.UtcNow : orders.Max(o => o.Deadline) + DeadlineGrace + TimeSpan.FromSeconds(1);
    }

    public async Task<ChaosRoundResult> VerifyAsync(PlayedRound round, CancellationToken ct)
    {
        var sale = long.Parse(round.SaleId, CultureInfo.InvariantCulture);
        var orders = await stores.OrdersAsync(sale, ct);
        var statusOf = orders.ToDictionary(o => o.Id.ToString(CultureInfo.InvariantCulture), o => SagaDatabase.ApiStatus(o.Status), StringComparer.Ordinal);
        foreach (var journey in round.Journeys.Where(j => j.HasOrder))
        {
            // The shopper may have stopped watching (never paid) or missed the end: the store says how the order ended.
            journey.LastStatus = statusOf.GetValueOrDefault(journey.OrderId!, journey.LastStatus ?? "missing");
        }

        // The stores agree once the saga is quiet; a later round's fault (a broker restart) may hold the last messages a while.
        var check = await FinishedSale.VerifyAsync(api, database, round.SaleId, round.Journeys, QuietTimeout, ct);
        orders = await stores.OrdersAsync(sale, ct);
        var wrong = ChaosStores.WrongCharges(orders);
        var late = ChaosStores.LateOrders(orders, DeadlineGrace, DateTimeOffset.UtcNow);
        var willing = round.Journeys.Where(j => j.Kind == ShopperKind.Payer && j.HasOrder).ToList();
        var willingPaid = willing.Count(j => j.LastStatus == OrderStatuses.Paid);

        var failures = new List<string>();
        failures.AddRange(check.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}"));
        failures.AddRange(wrong.Select(o => Text($"order {o.Id} ({o.Status}, amount {o.Amount}): charged {o.Charged}, frozen {o.Frozen}, unfrozen {o.Unfrozen}")));
        failures.AddRange(late.Select(o => Text($"order {o.Id} ({o.Status}) ended {o.SettledAt?.ToString("O", CultureInfo.InvariantCulture) ?? "never"}, deadline {o.Deadline:O} + 30 s")));
        var injected = round.Injected;
        if (injected.ExitCode != 0)
        {
            failures.Add($"the fault command exited {injected.ExitCode}");
        }

        if (injected.BackAt is not null && (round.RecoverySeconds is null || round.RecoverySeconds > 5))
        {
            failures.Add(round.RecoverySeconds is null ? "no probe was paid after the fault ended" : Text($"recovery took {round.RecoverySeconds} s (target 5 s)"));
        }

        var paidShare = willing.Count == 0 ? 1 : (double)willingPaid / willing.Count;
        if (paidShare < Faults.PaidShareTarget(round.Fault))
        {
            failures.Add(Text($"{paidShare:P1} of willing payers paid (target {Faults.PaidShareTarget(round.Fault):P0})"));
        }

        return new ChaosRoundResult
        {
            Round = round.Round,
            Fault = round.Fault,
            StartedAt = round.StartedAt,
            SaleId = round.SaleId,
            FirstPaidSeconds = round.FirstPaidSeconds,
            RecoverySeconds = round.RecoverySeconds,
            Recovered = injected.BackAt is null || round.RecoverySeconds is not null,
            NormalProbeSeconds = round.NormalProbeSeconds,
            WillingPayers = willing.Count,
            WillingPayersPaid = willingPaid,
            Accepted = check.Orders.Count,
            PurchaseCalls = round.Journeys.Sum(j => j.PurchaseAnswers.Total),
            PurchaseFailures = round.Journeys.Sum(j => j.PurchaseAnswers.Count(a => a.IsServerError)),
            Oversold = check.Counters.Oversold,
            Lost = check.Counters.Lost ?? 0,
            Drift = check.Counters.Drift,
            WrongCharges = wrong.Count,
            LateOrders = late.Count,
            FaultExitCode = injected.ExitCode,
            Failures = failures,
        };
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

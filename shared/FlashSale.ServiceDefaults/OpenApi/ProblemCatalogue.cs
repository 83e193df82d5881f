using FlashSale.ServiceDefaults.Problems;

namespace FlashSale.ServiceDefaults.OpenApi;

/// <summary>One problem type of the contract: its `type` suffix, its status and what it means to a client.</summary>
public sealed record ProblemEntry(string Type, int Status, string Title, string Example);

/// <summary>
/// The problem catalogue of docs/api.md ("Problem details"), as the OpenAPI documents show it: endpoints name the
/// problems they really answer (<see cref="ProblemResponseExtensions.ProducesProblems{TBuilder}"/>) by suffix, and a
/// suffix missing here fails at start-up rather than documenting nothing.
/// </summary>
public static class ProblemCatalogue
{
    private static readonly ProblemEntry[] All =
    [
        new("validation", 400, "The request is not valid.", "quantity: must be a whole number of at least 1."),
        new("human-check-required", 400, "A human check is required.", "Sale 42 asks for a solved proof of work with the purchase-token request."),
        new("unauthorized", 401, "Unauthorized.", "A valid bearer token is required."),
        new("forbidden", 403, "Forbidden.", "This needs a token with role admin."),
        new("invalid-admin-key", 403, "Forbidden.", "The admin key is wrong."),
        new("invalid-token", 403, "Forbidden.", "The purchase token is missing, expired, or not this caller's for this sale."),
        new("human-check-failed", 403, "The human check failed.", "The solution was already spent on a purchase token: get a new challenge."),
        new("limit-reached", 403, "Forbidden.", "You already hold the most units this sale allows per shopper."),
        new("sale-not-started", 403, "Forbidden.", "The sale starts at 2026-12-03T20:00:00Z."),
        new("sale-not-found", 404, "Not found.", "There is no sale '42'."),
        new("purchase-address-unknown", 404, "Not found.", "Purchase at the purchaseUrl given with the purchase token."),
        new("reservation-not-found", 404, "Not found.", "There is no reservation '254309283691237376'."),
        new("reconciliation-not-found", 404, "Not found.", "No reconciliation has run yet."),
        new("order-not-found", 404, "Not found.", "There is no order '254309283691237376'."),
        new("payment-not-found", 404, "Not found.", "There is no payment '254309283691237377'."),
        new("wallet-not-found", 404, "Not found.", "There is no wallet of 'u-1'."),
        new("sold-out", 409, "Sold out.", "Not enough units are left."),
        new("human-check-not-required", 409, "This sale has no human check.", "Sale 42 hands out purchase tokens without a challenge."),
        new("order-not-payable", 409, "Conflict.", "The order's payment deadline passed."),
        new("sale-ended", 410, "Gone.", "The sale ended at 2026-12-03T21:00:00Z."),
        new("rate-limited", 429, "Too many requests.", "Per-user limit reached; try again in 2 s."),
        new("too-many-waits", 429, "Too many requests.", "You already wait on this order 8 times."),
        new("busy", 503, "Try again.", "The sale is being loaded by another request; retry in a moment."),
        new("unavailable", 503, "Service unavailable.", "A dependency (Redis, PostgreSQL or another service) does not answer; retry later."),
    ];

    private static readonly Dictionary<string, ProblemEntry> ByType = All.ToDictionary(e => e.Type, StringComparer.Ordinal);

    public static IReadOnlyCollection<ProblemEntry> Entries => All;

    public static ProblemEntry Get(string type) => ByType.TryGetValue(type, out var entry)
        ? entry
        : throw new InvalidOperationException($"'{type}' is not in the problem catalogue ({ProblemTypes.BaseUri}...); add it to docs/api.md and ProblemCatalogue.");
}

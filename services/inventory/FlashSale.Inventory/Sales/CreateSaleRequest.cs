using FlashSale.Contracts.Purchases;
using FlashSale.Inventory.HumanCheck;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlashSale.Inventory.Sales;

/// <summary>POST /api/admin/sales. Nullable members so a missing field is reported by name, not as 0.</summary>
public sealed record CreateSaleRequest(
    string? Sku, string? Name, decimal? Price, int? Stock, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, int? PerUserLimit,
    string? HumanCheck = null, int? HumanCheckMaxNumber = null)
{
    public const int MaxStock = 10_000_000;
    public const decimal MaxPrice = 1_000_000m;

    /// <summary>
    /// A proof of work's difficulty bounds. Above the upper one a phone takes minutes; the lower one costs a client next to
    /// nothing and is there for load tests, whose generator solves every shopper's challenge on its own machine while the
    /// server's side (issue, verify, spend) costs the same at any difficulty.
    /// </summary>
    public const int MinHumanCheckMaxNumber = 100;
    public const int MaxHumanCheckMaxNumber = 10_000_000;
    public const int DefaultHumanCheckMaxNumber = 100_000;

    /// <summary>The check asked for (valid once <see cref="Validate"/> passed).</summary>
    public HumanCheckKind HumanCheckKind => HumanCheckKinds.TryParse(HumanCheck, out var kind) ? kind : HumanCheckKind.None;

    public int EffectiveHumanCheckMaxNumber => HumanCheckKind == HumanCheckKind.None ? 0 : HumanCheckMaxNumber ?? DefaultHumanCheckMaxNumber;

    /// <summary>The first problem with the request, naming the field, or null when it is valid.</summary>
    public ProblemHttpResult? Validate(DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(Sku) || Sku.Length > 64)
        {
            return ProblemTypes.Validation("sku", "is required, at most 64 characters.");
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
        {
            return ProblemTypes.Validation("name", "is required, at most 200 characters.");
        }

        if (Price is not { } price || price <= 0 || price > MaxPrice || decimal.Round(price, 2) != price)
        {
            return ProblemTypes.Validation("price", $"must be greater than 0 and at most {MaxPrice}, with at most 2 decimal places.");
        }

        if (Stock is not (>= 1 and <= MaxStock))
        {
            return ProblemTypes.Validation("stock", $"must be between 1 and {MaxStock:N0}.");
        }

        if (PerUserLimit is not { } limit || limit < 1 || limit > Stock)
        {
            return ProblemTypes.Validation("perUserLimit", "must be at least 1 and at most the stock.");
        }

        if (price * limit > OrderAmounts.Max)
        {
            // Otherwise a shopper buying up to the limit would get a 202 for an order no service can store.
            return ProblemTypes.Validation("perUserLimit",
                $"times the price must be at most {OrderAmounts.Max:N2}, the largest order amount that can be stored ({price} x {limit} = {price * limit:N2}).");
        }

        if (StartsAt is null)
        {
            return ProblemTypes.Validation("startsAt", "is required (ISO-8601, UTC).");
        }

        if (EndsAt is not { } endsAt || endsAt <= StartsAt)
        {
            return ProblemTypes.Validation("endsAt", "is required and must be after startsAt.");
        }

        if (endsAt <= now)
        {
            return ProblemTypes.Validation("endsAt", "must be in the future: this sale would already be over.");
        }

        if (!HumanCheckKinds.TryParse(HumanCheck, out var check))
        {
            return ProblemTypes.Validation("humanCheck", $"must be \"{HumanCheckKinds.None}\" (the default) or \"{HumanCheckKinds.ProofOfWork}\".");
        }

        if (HumanCheckMaxNumber is { } difficulty && (check == HumanCheckKind.None || difficulty is < MinHumanCheckMaxNumber or > MaxHumanCheckMaxNumber))
        {
            return ProblemTypes.Validation("humanCheckMaxNumber", check == HumanCheckKind.None
                ? $"applies only with humanCheck \"{HumanCheckKinds.ProofOfWork}\"."
                : $"must be between {MinHumanCheckMaxNumber:N0} and {MaxHumanCheckMaxNumber:N0} (default {DefaultHumanCheckMaxNumber:N0}).");
        }

        return null;
    }
}

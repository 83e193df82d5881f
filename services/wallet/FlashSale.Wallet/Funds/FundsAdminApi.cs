using System.Globalization;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.OpenApi;
using FlashSale.ServiceDefaults.Problems;
using FlashSale.Wallet.Data;
using FlashSale.Wallet.Wallets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Wallet.Funds;

/// <summary>The order ids as decimal strings, status in camelCase: the contract's conventions.</summary>
public sealed record FreezeResponse(
    string OrderId,
    string? PaymentId,
    string UserId,
    decimal Amount,
    string Status,
    string? RefusalReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FrozenAt,
    DateTimeOffset? ChargedAt,
    DateTimeOffset? CancelledAt)
{
    public static FreezeResponse From(FundFreeze f) => new(
        f.OrderId.ToString(CultureInfo.InvariantCulture),
        f.PaymentId?.ToString(CultureInfo.InvariantCulture),
        f.UserId,
        f.Amount,
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(f.Status.ToString()),
        f.RefusalReason,
        f.CreatedAt,
        f.FrozenAt,
        f.ChargedAt,
        f.CancelledAt);
}

public sealed record FreezePage(IReadOnlyList<FreezeResponse> Items, string? NextBefore);

/// <summary>Status queries for operators: where each of a user's order payments stands in the wallet.</summary>
public static class FundsAdminApi
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapFundsAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/wallets/{userId}/freezes", ListFreezes).WithTags("Wallet").RequireAdmin().WithName("ListFreezes").ProducesProblems("validation", "unavailable");
        return app;
    }

    /// <summary>The user's freezes, newest order first; `before` is the last order id of the previous page.</summary>
    public static async Task<Results<Ok<FreezePage>, ProblemHttpResult>> ListFreezes(
        string userId, int? limit, string? before, WalletDbContext db, CancellationToken ct)
    {
        if (userId.Length is 0 or > WalletApi.MaxUserIdLength)
        {
            return ProblemTypes.Validation("userId", $"must be 1 to {WalletApi.MaxUserIdLength} characters.");
        }

        var pageSize = limit ?? DefaultPageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            return ProblemTypes.Validation("limit", $"must be between 1 and {MaxPageSize}.");
        }

        var query = db.FundFreezes.AsNoTracking().Where(f => f.UserId == userId);
        if (before is not null)
        {
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var beforeId) || beforeId <= 0)
            {
                return ProblemTypes.Validation("before", "must be an order id (a positive decimal integer).");
            }

            query = query.Where(f => f.OrderId < beforeId);
        }

        var page = await query.OrderByDescending(f => f.OrderId).Take(pageSize).ToListAsync(ct);
        var next = page.Count == pageSize ? page[^1].OrderId.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new FreezePage(page.Select(FreezeResponse.From).ToList(), next));
    }
}

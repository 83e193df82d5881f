using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.OpenApi;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FlashSale.Wallet.Wallets;

public sealed record CreditRequest(decimal? Amount);

public static class WalletApi
{
    public const int MaxUserIdLength = 64;

    public static IEndpointRouteBuilder MapWalletApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/wallet", GetMyWallet).WithTags("Wallet").RequireAuthorization().WithName("GetMyWallet").ProducesProblems("rate-limited", "unavailable");
        app.MapGet("/api/admin/wallets/{userId}", GetWallet).WithTags("Wallet").RequireAdmin().WithName("GetWallet").ProducesProblems("validation", "wallet-not-found", "unavailable");
        app.MapPost("/api/admin/wallets/{userId}/credit", Credit).WithTags("Wallet").RequireAdmin().WithName("CreditWallet").ProducesProblems("validation", "unavailable");
        return app;
    }

    public static async Task<Ok<WalletResponse>> GetMyWallet(HttpContext http, WalletStore wallets, CancellationToken ct) =>
        TypedResults.Ok(WalletResponse.From(await wallets.OpenAsync(http.User.UserId(), ct)));

    /// <summary>Any user's wallet, for operators; reading it never opens one.</summary>
    public static async Task<Results<Ok<WalletResponse>, ProblemHttpResult>> GetWallet(string userId, WalletStore wallets, CancellationToken ct)
    {
        if (userId.Length is 0 or > MaxUserIdLength)
        {
            return ProblemTypes.Validation("userId", $"must be 1 to {MaxUserIdLength} characters.");
        }

        return await wallets.FindAsync(userId, ct) is { } wallet
            ? TypedResults.Ok(WalletResponse.From(wallet))
            : ProblemTypes.NotFound("wallet-not-found", $"User '{userId}' has no wallet.");
    }

    public static async Task<Results<Ok<WalletResponse>, ProblemHttpResult>> Credit(
        string userId, CreditRequest? request, WalletStore wallets, IOptions<WalletOptions> options, CancellationToken ct)
    {
        if (userId.Length is 0 or > MaxUserIdLength)
        {
            return ProblemTypes.Validation("userId", $"must be 1 to {MaxUserIdLength} characters.");
        }

        var max = options.Value.MaxCredit;
        if (request?.Amount is not { } amount || amount <= 0 || amount > max)
        {
            return ProblemTypes.Validation("amount", $"must be a number greater than 0 and at most {max}.");
        }

        if (decimal.Round(amount, 2) != amount)
        {
            return ProblemTypes.Validation("amount", "must have at most 2 decimal places.");
        }

        return TypedResults.Ok(WalletResponse.From(await wallets.CreditAsync(userId, amount, ct)));
    }
}

using System.Text;
using System.Text.Json;

namespace FlashSale.LoadDriver.Api;

/// <summary>
/// A shopper ready to buy: the Authorization header value and the purchase body (with their purchase
/// token) are built once, so a purchase request costs no serialisation. Client is the index of the HTTP
/// client (source address) this shopper's connections come from; PurchaseUrl the sale's purchase path, given
/// with the token; Solving the CPU time the sale's human check took this shopper (zero without one).
/// </summary>
public sealed record Shopper(
    string UserId, string Authorization, byte[] PurchaseBody, int Client, DateTimeOffset TokenExpiresAt, string PurchaseUrl, TimeSpan Solving = default)
{
    public static byte[] Body(string purchaseToken, int quantity) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { token = purchaseToken, quantity }, GatewayApi.Json));
}

/// <summary>Shoppers of one run: user ids unique to the run, so no limit counter of an earlier run is shared.</summary>
public static class Shoppers
{
    public static string RunTag() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4));

    /// <summary>The user id of the i-th shopper of a run.</summary>
    public static string UserId(string runTag, int index) => $"lt-{runTag}-{index}";

    /// <summary>
    /// Mints each shopper's JWT locally and fetches their purchase token, <paramref name="parallelism"/> at a time.
    /// Where the sale has a proof-of-work check, every shopper first fetches a challenge and solves it, and only then
    /// do the tokens come, all in one go: as in a real sale, where the solving happens during the countdown and the
    /// token requests arrive together at the start.
    /// </summary>
    public static async Task<Shopper[]> PrepareAsync(
        GatewayApi api, HttpMessageInvoker[] clients, string saleId, string runTag, int count, int quantity, int parallelism, CancellationToken ct)
    {
        var solutions = new Solution?[count];
        if ((await api.SaleAsync(saleId, ct)).HumanCheck == HumanChecks.ProofOfWork)
        {
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (i, token) =>
            {
                var challenge = await api.ChallengeAsync(clients[i % clients.Length], api.ShopperAuthorization(UserId(runTag, i)), saleId, token);
                solutions[i] = ProofOfWork.Solve(challenge);
            });
        }

        var shoppers = new Shopper[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (i, token) =>
        {
            var userId = UserId(runTag, i);
            var authorization = api.ShopperAuthorization(userId);
            var client = i % clients.Length;
            var purchaseToken = await api.PurchaseTokenAsync(clients[client], authorization, saleId, token, solutions[i]?.Payload);
            shoppers[i] = new Shopper(userId, authorization, Shopper.Body(purchaseToken.Token, quantity), client, purchaseToken.ExpiresAt,
                purchaseToken.PurchaseUrl, solutions[i]?.Cpu ?? TimeSpan.Zero);
        });
        return shoppers;
    }

    /// <summary>Fails before the run when a purchase token would expire inside it (they live about a minute).</summary>
    public static void EnsureTokensOutlast(IEnumerable<Shopper> shoppers, TimeSpan run, TimeProvider time)
    {
        var earliest = shoppers.Min(s => s.TokenExpiresAt);
        var left = earliest - time.GetUtcNow();
        if (left < run + TimeSpan.FromSeconds(2))
        {
            throw new Cli.UsageException(
                $"purchase tokens expire in {left.TotalSeconds:F0} s, but warm-up + duration is {run.TotalSeconds:F0} s: shorten the run or use fewer shoppers");
        }
    }
}

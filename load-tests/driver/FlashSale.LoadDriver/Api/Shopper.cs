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
    /// Mints each shopper's JWT locally and fetches their purchase token, <paramref name="parallelism"/> at a time;
    /// where the sale has a proof-of-work check, each first fetches a challenge and solves it, as a browser would.
    /// </summary>
    public static async Task<Shopper[]> PrepareAsync(
        GatewayApi api, HttpMessageInvoker[] clients, string saleId, string runTag, int count, int quantity, int parallelism, CancellationToken ct)
    {
        var humanCheck = (await api.SaleAsync(saleId, ct)).HumanCheck == HumanChecks.ProofOfWork;
        var shoppers = new Shopper[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, async (i, token) =>
        {
            var userId = UserId(runTag, i);
            var authorization = api.ShopperAuthorization(userId);
            var client = i % clients.Length;
            var solution = humanCheck ? ProofOfWork.Solve(await api.ChallengeAsync(clients[client], authorization, saleId, token)) : null;
            var purchaseToken = await api.PurchaseTokenAsync(clients[client], authorization, saleId, token, solution?.Payload);
            shoppers[i] = new Shopper(userId, authorization, Shopper.Body(purchaseToken.Token, quantity), client, purchaseToken.ExpiresAt,
                purchaseToken.PurchaseUrl, solution?.Cpu ?? TimeSpan.Zero);
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

using FlashSale.Inventory.Caching;
using StackExchange.Redis;

namespace FlashSale.Inventory.HumanCheck;

/// <summary>
/// Single use: a solved challenge buys one purchase token. Its challenge is remembered in Redis until the challenge
/// expires (after that the stateless check refuses it anyway), so the set holds no more than the live challenges.
/// </summary>
public sealed class SpentSolutions(IConnectionMultiplexer redis, SaleKeys keys, TimeProvider time)
{
    /// <summary>True the first time a solution is spent, false on every replay, on any replica.</summary>
    public Task<bool> TrySpendAsync(long saleId, CheckedSolution solution)
    {
        var lifetime = solution.ExpiresAt - time.GetUtcNow();
        return redis.GetDatabase().StringSetAsync(keys.SpentHumanCheck(saleId, solution.Challenge), "1",
            lifetime > TimeSpan.FromSeconds(1) ? lifetime : TimeSpan.FromSeconds(1), When.NotExists);
    }
}

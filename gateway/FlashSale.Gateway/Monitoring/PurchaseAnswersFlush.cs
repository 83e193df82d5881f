using FlashSale.ServiceDefaults.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Gateway.Monitoring;

/// <summary>
/// Once a second, adds what this replica counted to the shared totals: one hash per sale
/// (<c>{prefix}monitor:purchases:{saleId}</c>, a field per <see cref="PurchaseAnswer"/>, kept a day) and one counter of
/// 429s on any route. A failed flush keeps nothing back: the monitor is a view, the request path never waits for it.
/// </summary>
public sealed class PurchaseAnswersFlush(
    PurchaseAnswers answers, IConnectionMultiplexer redis, IOptions<RedisOptions> options, ILogger<PurchaseAnswersFlush> log) : BackgroundService
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    public static string SaleKey(string prefix, long saleId) => $"{prefix}monitor:purchases:{saleId}";

    public static string RateLimitedKey(string prefix) => $"{prefix}monitor:rate-limited";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await FlushAsync();
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                log.LogDebug(e, "The purchase answer counts of the last second were not added to Redis");
            }
        }
    }

    private async Task FlushAsync()
    {
        var (sales, rateLimited) = answers.TakeNew();
        if (sales.Count == 0 && rateLimited == 0)
        {
            return;
        }

        var prefix = options.Value.KeyPrefix;
        var db = redis.GetDatabase();
        var writes = new List<Task>();
        foreach (var (saleId, counts) in sales)
        {
            var key = SaleKey(prefix, saleId);
            for (var kind = 0; kind < counts.Length; kind++)
            {
                if (counts[kind] != 0)
                {
                    writes.Add(db.HashIncrementAsync(key, ((PurchaseAnswer)kind).ToString(), counts[kind]));
                }
            }

            writes.Add(db.KeyExpireAsync(key, KeptFor));
        }

        if (rateLimited != 0)
        {
            writes.Add(db.StringIncrementAsync(RateLimitedKey(prefix), rateLimited));
        }

        await Task.WhenAll(writes);
    }
}

using FlashSale.Inventory.Data;
using FlashSale.Inventory.Metrics;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Inventory.BloomFilter;

/// <summary>
/// Keeps the sale-id Bloom filter complete: builds it from PostgreSQL at start-up when it is missing,
/// rebuilds it when a lookup finds it gone (a Redis flush), and adds new ids before their sale exists.
/// </summary>
public sealed class BloomFilterMaintenance(
    RedisBloomFilter filter, IServiceScopeFactory scopes, InventoryMetrics metrics, TimeProvider time, ILogger<BloomFilterMaintenance> logger)
    : IHostedService, IDisposable
{
    private readonly SemaphoreSlim _rebuildGate = new(1, 1);

    /// <summary>
    /// Builds a missing filter in the background: start-up must not wait on Redis, and until the bitmap
    /// exists every lookup answers <see cref="BloomAnswer.Unknown"/> and falls through to the cache.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => EnsureBuiltAsync(cancellationToken), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task EnsureBuiltAsync(CancellationToken ct)
    {
        for (var attempt = 1; !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                if (!await filter.ExistsAsync())
                {
                    await RebuildAsync(ct);
                }

                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not check or build the sale Bloom filter (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), ct);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _rebuildGate.Dispose();

    /// <summary>Call before the sale row is committed: an id in the filter without a sale is only a false positive.</summary>
    public async Task EnsureContainsAsync(long saleId, CancellationToken ct)
    {
        if (!await filter.TryAddAsync(saleId))
        {
            await RebuildAsync(ct);
            await filter.TryAddAsync(saleId);
        }
    }

    /// <summary>Starts a rebuild in the background unless one is already running.</summary>
    public void RequestRebuild()
    {
        if (_rebuildGate.CurrentCount == 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RebuildAsync(CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Rebuilding the sale Bloom filter failed; lookups fall through to the cache until it succeeds");
            }
        });
    }

    public async Task RebuildAsync(CancellationToken ct)
    {
        await _rebuildGate.WaitAsync(ct);
        try
        {
            var started = time.GetUtcNow();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
            await filter.RebuildAsync(db.Sales.AsNoTracking().Select(s => s.Id).AsAsyncEnumerable(), ct);

            // Sales created while the bitmap was being built may have been added to the old one: add them again.
            var recent = await db.Sales.AsNoTracking().Where(s => s.CreatedAt >= started.AddSeconds(-30)).Select(s => s.Id).ToArrayAsync(ct);
            if (recent.Length > 0)
            {
                await filter.TryAddAsync(recent);
            }

            metrics.BloomRebuild();
            logger.LogInformation("Rebuilt the sale Bloom filter ({Bits} bits, {Hashes} hashes)", filter.Parameters.Bits, filter.Parameters.Hashes);
        }
        finally
        {
            _rebuildGate.Release();
        }
    }
}

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

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await filter.ExistsAsync())
        {
            await RebuildAsync(cancellationToken);
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

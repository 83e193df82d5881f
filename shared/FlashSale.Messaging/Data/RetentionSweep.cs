using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlashSale.Messaging.Data;

/// <summary>
/// Deletes a table's rows past their retention, at start and then every interval, so the table does not grow without
/// bound; several replicas deleting at once is harmless. A failed pass is logged and the next one tries again.
/// </summary>
public abstract class RetentionSweep<TContext>(IServiceScopeFactory scopes, TimeProvider time, ILogger logger)
    : BackgroundService where TContext : DbContext
{
    /// <summary>What the rows are, for the log ("inbox rows", "payable orders").</summary>
    protected abstract string Rows { get; }

    protected abstract TimeSpan Retention { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>Deletes the rows older than <paramref name="before"/>; returns how many.</summary>
    protected abstract Task<int> DeleteAsync(TContext db, DateTimeOffset before, CancellationToken ct);

    /// <summary>One pass; returns how many rows were deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var before = time.GetUtcNow() - Retention;
        var deleted = await DeleteAsync(scope.ServiceProvider.GetRequiredService<TContext>(), before, ct);
        if (deleted > 0)
        {
            logger.LogInformation("Dropped {Count} {Rows} older than {Before:O}", deleted, Rows, before);
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Dropping old {Rows} failed; trying again in {Interval}", Rows, Interval);
            }

            await Task.Delay(Interval, time, stoppingToken);
        }
    }
}

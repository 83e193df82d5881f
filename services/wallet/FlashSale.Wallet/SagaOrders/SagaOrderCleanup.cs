using FlashSale.Wallet.Data;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Wallet.SagaOrders;

/// <summary>
/// Drops announcements older than a day: an order's payment window is minutes, so by then its freeze was tried or will
/// never be; a big sale leaves many.
/// </summary>
public sealed class SagaOrderCleanup(IServiceScopeFactory scopes, TimeProvider time, ILogger<SagaOrderCleanup> logger) : BackgroundService
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<WalletDbContext>();
                var before = time.GetUtcNow() - Retention;
                var deleted = await db.SagaOrders.Where(o => o.AnnouncedAt < before).ExecuteDeleteAsync(stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Dropped {Count} order announcements older than {Before:O}", deleted, before);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Cleaning up order announcements failed; trying again in {Every}", Every);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

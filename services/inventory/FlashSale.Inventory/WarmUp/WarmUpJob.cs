using FlashSale.Inventory.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlashSale.Inventory.WarmUp;

/// <summary>
/// Every interval, warms each sale that starts within the window or is running, so a Redis flush
/// before a sale is healed before its start instant. Safe with several replicas (warming is idempotent).
/// </summary>
public sealed class WarmUpJob(IServiceScopeFactory scopes, SaleWarmer warmer, TimeProvider time, IOptions<WarmUpOptions> options, ILogger<WarmUpJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Warm-up run failed; the next run retries");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var horizon = now + options.Value.Window;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        var sales = await db.Sales.AsNoTracking().Where(s => s.StartsAt <= horizon && s.EndsAt > now).ToListAsync(ct);
        foreach (var sale in sales)
        {
            await warmer.WarmAsync(sale, justCreated: false);
        }

        return sales.Count;
    }
}

using FlashSale.Payment.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlashSale.Payment.Orders;

/// <summary>Drops payable orders long past their deadline: nothing can pay them, and a big sale leaves many.</summary>
public sealed class PayableOrderCleanup(IServiceScopeFactory scopes, IOptions<PayableOrderOptions> options, TimeProvider time,
    ILogger<PayableOrderCleanup> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PaymentDbContext>();
                var before = time.GetUtcNow() - options.Value.Retention;
                var deleted = await db.PayableOrders.Where(o => o.PaymentDeadline < before).ExecuteDeleteAsync(stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Dropped {Count} payable orders whose deadline passed before {Before:O}", deleted, before);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Cleaning up payable orders failed; trying again in {Every}", Every);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

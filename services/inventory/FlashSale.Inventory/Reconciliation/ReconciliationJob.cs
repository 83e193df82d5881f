using Microsoft.Extensions.Options;

namespace FlashSale.Inventory.Reconciliation;

/// <summary>
/// Reconciles on a timer on every replica; the advisory lock lets one of them run at a time and the
/// others skip that tick. The first run comes one interval after start, not during start-up.
/// </summary>
public sealed class ReconciliationJob(ReconciliationRunner runner, TimeProvider time, IOptions<ReconciliationOptions> options, ILogger<ReconciliationJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (await runner.RunAsync(waitForLock: false, stoppingToken) is { } report)
                {
                    logger.LogInformation("Reconciled {Sales} sale(s): {Drifted} drifted, {Repaired} repaired",
                        report.Sales.Count, report.Sales.Count(s => s.Drift != 0), report.Sales.Count(s => s.Repaired));
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Reconciliation run failed; the next tick tries again");
            }
        }
    }
}

using Microsoft.Extensions.Options;

namespace FlashSale.Gateway.SoldOut;

/// <summary>Rechecks the held sold-out sales and drops idle stock gates every <see cref="SoldOutOptions.RecheckInterval"/>.</summary>
public sealed class SoldOutRecheck(SoldOutSales sales, StockGates gates, IOptions<SoldOutOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.RecheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await sales.RecheckAsync();
                gates.ForgetIdle();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }
}

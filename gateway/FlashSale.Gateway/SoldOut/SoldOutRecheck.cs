using Microsoft.Extensions.Options;

namespace FlashSale.Gateway.SoldOut;

/// <summary>Rechecks the held sold-out sales every <see cref="SoldOutOptions.RecheckInterval"/>.</summary>
public sealed class SoldOutRecheck(SoldOutSales sales, IOptions<SoldOutOptions> options, TimeProvider time) : BackgroundService
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
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }
}

using System.Diagnostics;
using FlashSale.LoadDriver.Api;

namespace FlashSale.LoadDriver.Verification;

/// <summary>
/// Waits for a sale to be quiet — the saga done with it, both stores caught up — by reading its admin stock
/// view until the given condition holds or the time is up (then the last view is checked as it stands).
/// </summary>
public static class QuietStock
{
    public static async Task<(StockView View, bool Quiet, TimeSpan Waited)> WaitAsync(
        GatewayApi api, string saleId, Func<StockView, bool> quiet, TimeSpan timeout, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var view = await api.StockAsync(saleId, ct);
            var waited = Stopwatch.GetElapsedTime(started);
            if (quiet(view) || waited >= timeout)
            {
                return (view, quiet(view), waited);
            }

            await Task.Delay(500, ct);
        }
    }

    /// <summary>Quiet for a sale whose orders have all ended: Redis = PostgreSQL, nothing held, every accepted unit sold or released.</summary>
    public static Func<StockView, bool> AllOrdersEnded(long acceptedUnits) =>
        view => view.AvailableInCache == view.AvailableInDatabase && view.Reserved == 0 && view.Sold + view.Released == acceptedUnits;

    /// <summary>Quiet for a sale whose orders may still be open: every admitted unit committed, Redis = PostgreSQL.</summary>
    public static bool StoresAgree(StockView view) => view.AvailableInCache == view.AvailableInDatabase;
}

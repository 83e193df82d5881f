using FlashSale.Messaging.Data;
using FlashSale.Wallet.Data;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Wallet.SagaOrders;

/// <summary>
/// Drops announcements older than a day: an order's payment window is minutes, so by then its freeze was tried or will
/// never be; a big sale leaves many.
/// </summary>
public sealed class SagaOrderCleanup(IServiceScopeFactory scopes, TimeProvider time, ILogger<SagaOrderCleanup> logger)
    : RetentionSweep<WalletDbContext>(scopes, time, logger)
{
    protected override string Rows => "order announcements";

    protected override TimeSpan Retention => TimeSpan.FromDays(1);

    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override Task<int> DeleteAsync(WalletDbContext db, DateTimeOffset before, CancellationToken ct) =>
        db.SagaOrders.Where(o => o.AnnouncedAt < before).ExecuteDeleteAsync(ct);
}

using FlashSale.Messaging.Data;
using FlashSale.Payment.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlashSale.Payment.Orders;

/// <summary>Drops payable orders long past their deadline: nothing can pay them, and a big sale leaves many.</summary>
public sealed class PayableOrderCleanup(IServiceScopeFactory scopes, IOptions<PayableOrderOptions> options, TimeProvider time,
    ILogger<PayableOrderCleanup> logger) : RetentionSweep<PaymentDbContext>(scopes, time, logger)
{
    protected override string Rows => "payable orders (by payment deadline)";

    protected override TimeSpan Retention => options.Value.Retention;

    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override Task<int> DeleteAsync(PaymentDbContext db, DateTimeOffset before, CancellationToken ct) =>
        db.PayableOrders.Where(o => o.PaymentDeadline < before).ExecuteDeleteAsync(ct);
}

using FlashSale.Messaging.Data;
using FlashSale.Order.Orders;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Order.Data;

public sealed class OrderDbContext(DbContextOptions<OrderDbContext> options) : ServiceDbContext(options)
{
    public DbSet<PurchaseOrder> Orders => Set<PurchaseOrder>();

    protected override void ConfigureServiceModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PurchaseOrder>(order =>
        {
            order.ToTable("orders");
            order.HasKey(o => o.Id);
            order.Property(o => o.Id).ValueGeneratedNever();
            order.Property(o => o.UserId).HasMaxLength(64);
            order.Property(o => o.Amount).HasPrecision(12, 2);
            order.Property(o => o.Status).HasConversion<string>().HasMaxLength(24);
            order.Property(o => o.CancelReason).HasMaxLength(200);
            order.Property(o => o.Version).IsRowVersion();
            // The caller's orders, newest first: keyset paging on (user_id, id desc).
            order.HasIndex(o => new { o.UserId, o.Id }).IsDescending(false, true);
            // The deadline sweeper's scan: only orders that can still expire.
            order.HasIndex(o => o.PaymentDeadline).HasFilter("status IN ('AwaitingPayment', 'Paying')");
        });
    }
}

internal sealed class OrderDbContextDesignTimeFactory : DesignTimeDbContextFactory<OrderDbContext>;

using FlashSale.Messaging.Data;
using FlashSale.Payment.Orders;
using FlashSale.Payment.Payments;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Payment.Data;

public sealed class PaymentDbContext(DbContextOptions<PaymentDbContext> options) : ServiceDbContext(options)
{
    public DbSet<OrderPayment> Payments => Set<OrderPayment>();
    public DbSet<PayableOrder> PayableOrders => Set<PayableOrder>();

    protected override void ConfigureServiceModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OrderPayment>(payment =>
        {
            payment.ToTable("payments");
            payment.HasKey(p => p.Id);
            payment.Property(p => p.Id).ValueGeneratedNever();
            payment.Property(p => p.UserId).HasMaxLength(64);
            payment.Property(p => p.Amount).HasPrecision(12, 2);
            payment.Property(p => p.IdempotencyKey).HasMaxLength(PaymentRules.MaxIdempotencyKeyLength);
            payment.Property(p => p.Status).HasConversion<string>().HasMaxLength(24);
            payment.Property(p => p.FailureReason).HasMaxLength(PaymentRules.MaxReasonLength);
            payment.Property(p => p.CaptureOutcome).HasConversion<string>().HasMaxLength(24);
            payment.Property(p => p.CaptureDeclineReason).HasMaxLength(PaymentRules.MaxReasonLength);
            payment.Property(p => p.Version).IsRowVersion();
            // I3: one payment per order, enforced by the database.
            payment.HasIndex(p => p.OrderId).IsUnique();
        });
        modelBuilder.Entity<PayableOrder>(order =>
        {
            order.ToTable("payable_orders");
            order.HasKey(o => o.OrderId);
            order.Property(o => o.OrderId).ValueGeneratedNever();
            order.Property(o => o.UserId).HasMaxLength(64);
            order.Property(o => o.Amount).HasPrecision(12, 2);
            order.HasIndex(o => o.PaymentDeadline);
        });
    }
}

internal sealed class PaymentDbContextDesignTimeFactory : DesignTimeDbContextFactory<PaymentDbContext>;

using FlashSale.Inventory.HumanCheck;
using FlashSale.Messaging.Data;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Inventory.Data;

public sealed class InventoryDbContext(DbContextOptions<InventoryDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Sale> Sales => Set<Sale>();
    public DbSet<StockReservationRow> Reservations => Set<StockReservationRow>();

    protected override void ConfigureServiceModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Sale>(sale =>
        {
            sale.ToTable("sales", t =>
            {
                // The database itself refuses oversell, whatever the code above it does.
                t.HasCheckConstraint("ck_sales_available_in_range", "available_stock >= 0 AND available_stock <= initial_stock");
                t.HasCheckConstraint("ck_sales_units_add_up", "sold_units >= 0 AND released_units >= 0 AND available_stock + sold_units <= initial_stock");
                t.HasCheckConstraint("ck_sales_window", "ends_at > starts_at");
                t.HasCheckConstraint("ck_sales_per_user_limit", "per_user_limit >= 1");
                t.HasCheckConstraint("ck_sales_human_check", "human_check IN ('none', 'proof-of-work') AND human_check_max_number >= 0");
            });
            sale.HasKey(s => s.Id);
            sale.Property(s => s.Id).ValueGeneratedNever();
            sale.Property(s => s.Sku).HasMaxLength(64);
            sale.Property(s => s.Name).HasMaxLength(200);
            sale.Property(s => s.Price).HasPrecision(12, 2);
            sale.Property(s => s.Version).IsRowVersion();
            sale.Ignore(s => s.ReservedUnits);
            sale.Property(s => s.HumanCheck).HasMaxLength(20)
                .HasConversion(kind => kind == HumanCheckKind.ProofOfWork ? HumanCheckKinds.ProofOfWork : HumanCheckKinds.None,
                    text => text == HumanCheckKinds.ProofOfWork ? HumanCheckKind.ProofOfWork : HumanCheckKind.None);
            sale.HasIndex(s => s.StartsAt);
        });
        modelBuilder.Entity<StockReservationRow>(reservation =>
        {
            reservation.ToTable("stock_reservations", t =>
            {
                t.HasCheckConstraint("ck_stock_reservations_status", "status IN ('Reserved', 'Committed', 'Sold', 'Released')");
                t.HasCheckConstraint("ck_stock_reservations_quantity", "quantity >= 1");
            });
            reservation.HasKey(r => r.OrderId);
            reservation.Property(r => r.OrderId).ValueGeneratedNever();
            reservation.Property(r => r.UserId).HasMaxLength(64);
            reservation.Property(r => r.IdempotencyKey).HasMaxLength(100);
            reservation.Property(r => r.UnitPrice).HasPrecision(12, 2);
            reservation.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            reservation.Property(r => r.ReleaseReason).HasMaxLength(200);
            // I7 in the database: one reservation per (sale, user, Idempotency-Key); NULL keys (Redis strategies) never collide.
            reservation.HasIndex(r => new { r.SaleId, r.UserId, r.IdempotencyKey }).IsUnique();
            // Reconciliation: a sale's open orders and units by status.
            reservation.HasIndex(r => new { r.SaleId, r.Status });
        });
        modelBuilder.Entity<ReconciliationRecord>(record =>
        {
            record.ToTable("reconciliation_reports");
            record.HasKey(r => r.Id);
            record.Property(r => r.Id).UseIdentityAlwaysColumn();
            record.Property(r => r.Report).HasColumnType("jsonb");
        });
    }
}

internal sealed class InventoryDbContextDesignTimeFactory : DesignTimeDbContextFactory<InventoryDbContext>;

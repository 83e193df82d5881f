using FlashSale.Inventory.Purchases;
using FlashSale.Inventory.Sales;
using FlashSale.ServiceDefaults.Data;
using FlashSale.ServiceDefaults.Outbox;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Inventory.Data;

public sealed class InventoryDbContext(DbContextOptions<InventoryDbContext> options) : DbContext(options)
{
    public DbSet<Sale> Sales => Set<Sale>();
    public DbSet<StockReservationRow> Reservations => Set<StockReservationRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
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
            });
            sale.HasKey(s => s.Id);
            sale.Property(s => s.Id).ValueGeneratedNever();
            sale.Property(s => s.Sku).HasMaxLength(64);
            sale.Property(s => s.Name).HasMaxLength(200);
            sale.Property(s => s.Price).HasPrecision(12, 2);
            sale.Property(s => s.Version).IsRowVersion();
            sale.Ignore(s => s.ReservedUnits);
            sale.HasIndex(s => s.StartsAt);
        });
        modelBuilder.Entity<StockReservationRow>(reservation =>
        {
            reservation.ToTable("stock_reservations");
            reservation.HasKey(r => r.OrderId);
            reservation.Property(r => r.OrderId).ValueGeneratedNever();
            reservation.Property(r => r.UserId).HasMaxLength(64);
            reservation.Property(r => r.IdempotencyKey).HasMaxLength(100);
            reservation.Property(r => r.UnitPrice).HasPrecision(12, 2);
            // I7 in the database: one reservation per (sale, user, Idempotency-Key).
            reservation.HasIndex(r => new { r.SaleId, r.UserId, r.IdempotencyKey }).IsUnique();
        });
        modelBuilder.AddOutbox();
        modelBuilder.UseSnakeCaseNames();
    }
}

internal sealed class InventoryDbContextDesignTimeFactory : DesignTimeDbContextFactory<InventoryDbContext>;

using FlashSale.Messaging.Data;
using FlashSale.Wallet.Funds;
using FlashSale.Wallet.SagaOrders;
using FlashSale.Wallet.Wallets;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Wallet.Data;

public sealed class WalletDbContext(DbContextOptions<WalletDbContext> options) : ServiceDbContext(options)
{
    public DbSet<UserWallet> Wallets => Set<UserWallet>();
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();
    public DbSet<FundFreeze> FundFreezes => Set<FundFreeze>();
    public DbSet<SagaOrder> SagaOrders => Set<SagaOrder>();

    protected override void ConfigureServiceModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserWallet>(wallet =>
        {
            wallet.ToTable("wallets", t =>
            {
                t.HasCheckConstraint("ck_wallets_balance_not_negative", "balance >= 0");
                t.HasCheckConstraint("ck_wallets_frozen_not_negative", "frozen >= 0");
                t.HasCheckConstraint("ck_wallets_spent_not_negative", "spent >= 0");
            });
            wallet.HasKey(w => w.UserId);
            wallet.Property(w => w.UserId).HasMaxLength(64);
            wallet.Property(w => w.Balance).HasPrecision(14, 2);
            wallet.Property(w => w.Frozen).HasPrecision(14, 2);
            wallet.Property(w => w.Spent).HasPrecision(14, 2);
            wallet.Property(w => w.Version).IsRowVersion();
        });
        modelBuilder.Entity<LedgerEntry>(entry =>
        {
            entry.ToTable("ledger_entries");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).ValueGeneratedNever();
            entry.Property(e => e.UserId).HasMaxLength(64);
            entry.Property(e => e.Kind).HasConversion<string>().HasMaxLength(24);
            entry.Property(e => e.Amount).HasPrecision(14, 2);
            entry.Property(e => e.BalanceAfter).HasPrecision(14, 2);
            entry.Property(e => e.FrozenAfter).HasPrecision(14, 2);
            entry.Property(e => e.SpentAfter).HasPrecision(14, 2);
            entry.HasIndex(e => new { e.UserId, e.Id });
        });
        modelBuilder.Entity<FundFreeze>(freeze =>
        {
            freeze.ToTable("fund_freezes", t =>
            {
                t.HasCheckConstraint("ck_fund_freezes_amount_not_negative", "amount >= 0");
                t.HasCheckConstraint("ck_fund_freezes_status", "status IN ('Frozen', 'Charged', 'Cancelled', 'Refused')");
            });
            freeze.HasKey(f => f.OrderId);
            freeze.Property(f => f.OrderId).ValueGeneratedNever();
            freeze.Property(f => f.UserId).HasMaxLength(64);
            freeze.Property(f => f.Amount).HasPrecision(14, 2);
            freeze.Property(f => f.Status).HasConversion<string>().HasMaxLength(16);
            freeze.Property(f => f.RefusalReason).HasMaxLength(32);
            // An admin's view of one user's payments, newest order first.
            freeze.HasIndex(f => new { f.UserId, f.OrderId }).IsDescending(false, true);
        });
        modelBuilder.Entity<SagaOrder>(order =>
        {
            order.ToTable("saga_orders");
            order.HasKey(o => o.OrderId);
            order.Property(o => o.OrderId).ValueGeneratedNever();
            order.Property(o => o.UserId).HasMaxLength(64);
            order.Property(o => o.Amount).HasPrecision(12, 2);
            order.HasIndex(o => o.AnnouncedAt);
        });
    }
}

internal sealed class WalletDbContextDesignTimeFactory : DesignTimeDbContextFactory<WalletDbContext>;

using FlashSale.ServiceDefaults.Data;
using FlashSale.Wallet.Wallets;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Wallet.Data;

public sealed class WalletDbContext(DbContextOptions<WalletDbContext> options) : DbContext(options)
{
    public DbSet<UserWallet> Wallets => Set<UserWallet>();
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserWallet>(wallet =>
        {
            wallet.ToTable("wallets", t =>
            {
                t.HasCheckConstraint("ck_wallets_balance_not_negative", "balance >= 0");
                t.HasCheckConstraint("ck_wallets_frozen_not_negative", "frozen >= 0");
            });
            wallet.HasKey(w => w.UserId);
            wallet.Property(w => w.UserId).HasMaxLength(64);
            wallet.Property(w => w.Balance).HasPrecision(14, 2);
            wallet.Property(w => w.Frozen).HasPrecision(14, 2);
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
            entry.HasIndex(e => new { e.UserId, e.Id });
        });
        modelBuilder.UseSnakeCaseNames();
    }
}

internal sealed class WalletDbContextDesignTimeFactory : DesignTimeDbContextFactory<WalletDbContext>;

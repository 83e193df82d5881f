using FlashSale.BuildingBlocks.Ids;
using FlashSale.Wallet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlashSale.Wallet.Wallets;

/// <summary>Wallet writes as single SQL statements, so concurrent first uses and credits never race.</summary>
public sealed class WalletStore(WalletDbContext db, IIdGenerator ids, TimeProvider time, IOptions<WalletOptions> options)
{
    /// <summary>The user's wallet, opened (once, whoever else opens it at the same moment) on first use.</summary>
    public async Task<UserWallet> OpenAsync(string userId, CancellationToken ct)
    {
        var wallet = await db.Wallets.AsNoTracking().FirstOrDefaultAsync(w => w.UserId == userId, ct);
        if (wallet is not null)
        {
            return wallet;
        }

        await EnsureOpenedAsync(userId, ct);
        return await db.Wallets.AsNoTracking().SingleAsync(w => w.UserId == userId, ct);
    }

    public async Task<UserWallet> CreditAsync(string userId, decimal amount, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await EnsureOpenedAsync(userId, ct);
        var now = time.GetUtcNow();
        var balances = await db.Database.SqlQuery<decimal>($"""
            UPDATE wallets SET balance = balance + {amount} WHERE user_id = {userId} RETURNING balance AS "Value"
            """).ToListAsync(ct);
        db.Ledger.Add(new LedgerEntry
        {
            Id = ids.NextId(),
            UserId = userId,
            Kind = LedgerEntryKind.Credit,
            Amount = amount,
            BalanceAfter = balances[0],
            At = now,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await db.Wallets.AsNoTracking().SingleAsync(w => w.UserId == userId, ct);
    }

    // Insert-if-absent and its ledger entry in one statement: the entry exists exactly when the row was created.
    private Task<int> EnsureOpenedAsync(string userId, CancellationToken ct)
    {
        var opening = options.Value.OpeningBalance;
        var now = time.GetUtcNow();
        var ledgerId = ids.NextId();
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH opened AS (
                INSERT INTO wallets (user_id, balance, frozen, opened_at) VALUES ({userId}, {opening}, 0, {now})
                ON CONFLICT (user_id) DO NOTHING
                RETURNING user_id, balance)
            INSERT INTO ledger_entries (id, user_id, kind, amount, balance_after, at)
            SELECT {ledgerId}, user_id, 'Opened', balance, balance, {now} FROM opened
            """, ct);
    }
}

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
        var wallet = await FindAsync(userId, ct);
        if (wallet is not null)
        {
            return wallet;
        }

        await EnsureOpenedAsync(userId, ct);
        return await db.Wallets.AsNoTracking().SingleAsync(w => w.UserId == userId, ct);
    }

    public Task<UserWallet?> FindAsync(string userId, CancellationToken ct) =>
        db.Wallets.AsNoTracking().FirstOrDefaultAsync(w => w.UserId == userId, ct);

    public async Task<UserWallet> CreditAsync(string userId, decimal amount, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await EnsureOpenedAsync(userId, ct);
        var after = await db.Database.SqlQuery<WalletAmounts>($"""
            UPDATE wallets SET balance = balance + {amount} WHERE user_id = {userId}
            RETURNING balance AS "Balance", frozen AS "Frozen", spent AS "Spent"
            """).ToListAsync(ct);
        AddEntry(userId, LedgerEntryKind.Credit, amount, orderId: null, after[0]);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await db.Wallets.AsNoTracking().SingleAsync(w => w.UserId == userId, ct);
    }

    /// <summary>
    /// Adds the ledger entry of a movement that just happened in the caller's transaction. Call it after the
    /// UPDATE that moved the money: the wallet row is locked then, so entry ids follow the order of movements.
    /// </summary>
    public void AddEntry(string userId, LedgerEntryKind kind, decimal amount, long? orderId, WalletAmounts after) =>
        db.Ledger.Add(new LedgerEntry
        {
            Id = ids.NextId(),
            UserId = userId,
            Kind = kind,
            Amount = amount,
            OrderId = orderId,
            BalanceAfter = after.Balance,
            FrozenAfter = after.Frozen,
            SpentAfter = after.Spent,
            At = time.GetUtcNow(),
        });

    /// <summary>Insert-if-absent and its ledger entry in one statement: the entry exists exactly when the row was created.</summary>
    public Task<int> EnsureOpenedAsync(string userId, CancellationToken ct)
    {
        var opening = options.Value.OpeningBalance;
        var now = time.GetUtcNow();
        var ledgerId = ids.NextId();
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH opened AS (
                INSERT INTO wallets (user_id, balance, frozen, spent, opened_at) VALUES ({userId}, {opening}, 0, 0, {now})
                ON CONFLICT (user_id) DO NOTHING
                RETURNING user_id, balance)
            INSERT INTO ledger_entries (id, user_id, kind, amount, balance_after, frozen_after, spent_after, at)
            SELECT {ledgerId}, user_id, 'Opened', balance, balance, 0, 0, {now} FROM opened
            """, ct);
    }
}

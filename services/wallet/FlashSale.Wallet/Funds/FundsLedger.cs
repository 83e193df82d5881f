using FlashSale.Contracts.Funds;
using FlashSale.Wallet.Data;
using FlashSale.Wallet.Wallets;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Wallet.Funds;

/// <summary>
/// The wallet's TCC participant: Try freezes, Confirm spends what was frozen, Cancel unfreezes. Each operation
/// runs in one transaction (the caller's — a consumer's inbox transaction, which then saves the ledger entries —
/// or its own) and moves money only
/// with single-statement conditional UPDATEs. The order's freeze row is claimed before any money moves, by
/// inserting it or by the UPDATE that advances its status, so commands for one order serialise on that row:
/// a racing Try and Cancel end either frozen-then-unfrozen, or cancel-recorded-then-Try-refused.
/// Locks are always taken freeze row first, wallet row second, so operations never deadlock each other.
/// </summary>
public sealed class FundsLedger(WalletDbContext db, WalletStore wallets, TimeProvider time)
{
    private static readonly string Frozen = nameof(FreezeStatus.Frozen);
    private static readonly string Charged = nameof(FreezeStatus.Charged);
    private static readonly string Cancelled = nameof(FreezeStatus.Cancelled);
    private static readonly string Refused = nameof(FreezeStatus.Refused);

    /// <summary>TCC Try: freeze <paramref name="amount"/> of the user's balance for the order, once per order.</summary>
    public Task<TryResult> TryAsync(long orderId, long paymentId, string userId, decimal amount, CancellationToken ct)
    {
        ValidateOrder(orderId, userId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(paymentId);
        if (amount <= 0 || decimal.Round(amount, 2) != amount)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "An amount to freeze is positive, with at most 2 decimal places.");
        }

        return InTransactionAsync(async () =>
        {
            var now = time.GetUtcNow();
            // The claim: a concurrent Try or Cancel of this order waits on this row until the transaction ends.
            var claimed = await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO fund_freezes (order_id, payment_id, user_id, amount, status, created_at, frozen_at)
                VALUES ({orderId}, {paymentId}, {userId}, {amount}, {Frozen}, {now}, {now})
                ON CONFLICT (order_id) DO NOTHING
                """, ct);
            if (claimed == 0)
            {
                return await RepeatedTryAsync(orderId, paymentId, amount, ct);
            }

            await wallets.EnsureOpenedAsync(userId, ct);
            var after = await db.Database.SqlQuery<WalletAmounts>($"""
                UPDATE wallets SET balance = balance - {amount}, frozen = frozen + {amount}
                WHERE user_id = {userId} AND balance >= {amount}
                RETURNING balance AS "Balance", frozen AS "Frozen", spent AS "Spent"
                """).ToListAsync(ct);
            if (after.Count == 0)
            {
                await db.Database.ExecuteSqlInterpolatedAsync($"""
                    UPDATE fund_freezes SET status = {Refused}, refusal_reason = {FundsRefusalReasons.InsufficientFunds}, frozen_at = NULL
                    WHERE order_id = {orderId}
                    """, ct);
                return new TryResult(TryOutcome.InsufficientFunds, paymentId, amount);
            }

            wallets.AddEntry(userId, LedgerEntryKind.Freeze, amount, orderId, after[0]);
            return new TryResult(TryOutcome.Frozen, paymentId, amount);
        }, ct);
    }

    /// <summary>TCC Confirm: spend the order's frozen money. Never charges money that was not frozen.</summary>
    public Task<ConfirmResult> ConfirmAsync(long orderId, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(orderId);
        return InTransactionAsync(async () =>
        {
            var now = time.GetUtcNow();
            var claim = await db.Database.SqlQuery<FreezeClaim>($"""
                UPDATE fund_freezes SET status = {Charged}, charged_at = {now}
                WHERE order_id = {orderId} AND status = {Frozen}
                RETURNING user_id AS "UserId", amount AS "Amount"
                """).ToListAsync(ct);
            if (claim.Count == 0)
            {
                var freeze = await FindAsync(orderId, ct);
                return freeze?.Status switch
                {
                    FreezeStatus.Charged => new ConfirmResult(ConfirmOutcome.AlreadyCharged, freeze.Amount),
                    FreezeStatus.Cancelled => new ConfirmResult(ConfirmOutcome.AlreadyCancelled, 0m),
                    _ => new ConfirmResult(ConfirmOutcome.NothingFrozen, 0m),
                };
            }

            var (userId, amount) = claim[0];
            var after = await db.Database.SqlQuery<WalletAmounts>($"""
                UPDATE wallets SET frozen = frozen - {amount}, spent = spent + {amount}
                WHERE user_id = {userId} AND frozen >= {amount}
                RETURNING balance AS "Balance", frozen AS "Frozen", spent AS "Spent"
                """).ToListAsync(ct);
            EnsureMoved(after, userId, orderId, amount);
            wallets.AddEntry(userId, LedgerEntryKind.Charge, amount, orderId, after[0]);
            return new ConfirmResult(ConfirmOutcome.Charged, amount);
        }, ct);
    }

    /// <summary>
    /// TCC Cancel: give the order's frozen money back to the balance. Before any Try (empty rollback) it
    /// records the cancel, so a late Try is refused (suspension); after a Confirm it reports the charge.
    /// </summary>
    public Task<CancelResult> CancelAsync(long orderId, string userId, CancellationToken ct)
    {
        ValidateOrder(orderId, userId);
        return InTransactionAsync(async () =>
        {
            var now = time.GetUtcNow();
            var recorded = await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO fund_freezes (order_id, payment_id, user_id, amount, status, created_at, cancelled_at)
                VALUES ({orderId}, NULL, {userId}, 0, {Cancelled}, {now}, {now})
                ON CONFLICT (order_id) DO NOTHING
                """, ct);
            if (recorded == 1)
            {
                return new CancelResult(CancelOutcome.EmptyRollback, 0m);
            }

            var claim = await db.Database.SqlQuery<FreezeClaim>($"""
                UPDATE fund_freezes SET status = {Cancelled}, cancelled_at = {now}
                WHERE order_id = {orderId} AND status = {Frozen}
                RETURNING user_id AS "UserId", amount AS "Amount"
                """).ToListAsync(ct);
            if (claim.Count == 0)
            {
                var freeze = await FindAsync(orderId, ct)
                    ?? throw new InvalidOperationException($"Order {orderId}'s freeze row vanished.");
                return freeze.Status switch
                {
                    FreezeStatus.Charged => new CancelResult(CancelOutcome.AlreadyCharged, freeze.Amount),
                    FreezeStatus.Cancelled when freeze.FrozenAt is not null => new CancelResult(CancelOutcome.AlreadyUnfrozen, freeze.Amount),
                    _ => new CancelResult(CancelOutcome.NothingFrozen, 0m),
                };
            }

            var (owner, amount) = claim[0];
            var after = await db.Database.SqlQuery<WalletAmounts>($"""
                UPDATE wallets SET balance = balance + {amount}, frozen = frozen - {amount}
                WHERE user_id = {owner} AND frozen >= {amount}
                RETURNING balance AS "Balance", frozen AS "Frozen", spent AS "Spent"
                """).ToListAsync(ct);
            EnsureMoved(after, owner, orderId, amount);
            wallets.AddEntry(owner, LedgerEntryKind.Unfreeze, amount, orderId, after[0]);
            return new CancelResult(CancelOutcome.Unfrozen, amount);
        }, ct);
    }

    public Task<FundFreeze?> FindAsync(long orderId, CancellationToken ct) =>
        db.FundFreezes.AsNoTracking().FirstOrDefaultAsync(f => f.OrderId == orderId, ct);

    // The row exists and is final or frozen: answer from it. Whatever this Try asks, nothing moves again.
    private async Task<TryResult> RepeatedTryAsync(long orderId, long paymentId, decimal amount, CancellationToken ct)
    {
        var freeze = await FindAsync(orderId, ct) ?? throw new InvalidOperationException($"Order {orderId}'s freeze row vanished.");
        return freeze.Status switch
        {
            FreezeStatus.Frozen or FreezeStatus.Charged => new TryResult(TryOutcome.AlreadyFrozen, freeze.PaymentId ?? paymentId, freeze.Amount),
            FreezeStatus.Cancelled => new TryResult(TryOutcome.AlreadyCancelled, paymentId, amount),
            _ => new TryResult(TryOutcome.InsufficientFunds, paymentId, amount),
        };
    }

    private async Task<T> InTransactionAsync<T>(Func<Task<T>> operation, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            // The caller's transaction (a batch of commands, InboxBatcher) saves the ledger entries once, with its
            // inbox and outbox rows: one round trip for the batch instead of one per command.
            return await operation();
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var result = await operation();
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return result;
        }
        catch
        {
            db.ChangeTracker.Clear(); // a ledger entry of the rolled-back attempt must not be saved later
            throw;
        }
    }

    // The freeze row said the money is frozen; a wallet that disagrees is corrupt, and nothing may move.
    private static void EnsureMoved(List<WalletAmounts> after, string userId, long orderId, decimal amount)
    {
        if (after.Count == 0)
        {
            throw new InvalidOperationException($"Wallet {userId} holds less frozen money than order {orderId}'s freeze of {amount}.");
        }
    }

    private static void ValidateOrder(long orderId, string userId)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(orderId);
        if (string.IsNullOrEmpty(userId) || userId.Length > WalletApi.MaxUserIdLength)
        {
            throw new ArgumentException($"A user id has 1 to {WalletApi.MaxUserIdLength} characters.", nameof(userId));
        }
    }

    private sealed record FreezeClaim(string UserId, decimal Amount);
}

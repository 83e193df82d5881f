using FlashSale.Testing;
using FlashSale.Wallet.Data;
using FlashSale.Wallet.Funds;
using FlashSale.Wallet.Wallets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Wallet.Tests;

/// <summary>The wallet service in-process on its own database and vhost; wallets open with 250.00.</summary>
public class WalletServiceFixture() : ServiceFixture<Program>("wallet")
{
    public const decimal OpeningBalance = 250.00m;

    private static long _nextOrderId = Random.Shared.NextInt64(1L << 40, 1L << 50);

    protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Wallet:OpeningBalance"] = "250.00",
    };

    public static long NewOrderId() => Interlocked.Increment(ref _nextOrderId);

    public static string NewUser() => $"u-{Guid.NewGuid():N}";

    /// <summary>Runs one ledger operation in its own scope (own DbContext, own transaction), as one request would.</summary>
    public async Task<T> LedgerAsync<T>(Func<FundsLedger, Task<T>> operation)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await operation(scope.ServiceProvider.GetRequiredService<FundsLedger>());
    }

    public Task<TryResult> TryAsync(long orderId, string user, decimal amount, long? paymentId = null) =>
        LedgerAsync(l => l.TryAsync(orderId, paymentId ?? orderId + 7, user, amount, CancellationToken.None));

    public Task<ConfirmResult> ConfirmAsync(long orderId) => LedgerAsync(l => l.ConfirmAsync(orderId, CancellationToken.None));

    public Task<CancelResult> CancelAsync(long orderId, string user) => LedgerAsync(l => l.CancelAsync(orderId, user, CancellationToken.None));

    public async Task CreditAsync(string user, decimal amount)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WalletStore>().CreditAsync(user, amount, CancellationToken.None);
    }

    public async Task<WalletState> StateAsync(string user)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WalletDbContext>();
        return new WalletState(
            await db.Wallets.AsNoTracking().FirstOrDefaultAsync(w => w.UserId == user),
            await db.Ledger.AsNoTracking().Where(e => e.UserId == user).OrderBy(e => e.Id).ToListAsync(),
            await db.FundFreezes.AsNoTracking().Where(f => f.UserId == user).ToListAsync());
    }
}

/// <summary>One user's wallet, ledger and freezes, read together after the fact.</summary>
public sealed record WalletState(UserWallet? Wallet, List<LedgerEntry> Entries, List<FundFreeze> Freezes)
{
    public UserWallet OpenWallet => Wallet ?? throw new InvalidOperationException("The wallet was never opened.");

    public FundFreeze Freeze(long orderId) => Freezes.Single(f => f.OrderId == orderId);

    public List<LedgerEntry> EntriesOf(long orderId) => Entries.Where(e => e.OrderId == orderId).ToList();

    /// <summary>
    /// I3: money only moves between balance, frozen and spent, so their sum is what came in; the ledger replays
    /// to the wallet; the freeze rows account for every frozen and spent cent; no order moved money twice.
    /// </summary>
    public void AssertConserved()
    {
        var w = OpenWallet;
        Assert.True(w.Balance >= 0 && w.Frozen >= 0 && w.Spent >= 0, $"negative amount in {w.Balance}/{w.Frozen}/{w.Spent}");
        decimal Sum(LedgerEntryKind kind) => Entries.Where(e => e.Kind == kind).Sum(e => e.Amount);
        var came = Sum(LedgerEntryKind.Opened) + Sum(LedgerEntryKind.Credit);
        Assert.Equal(came, w.Balance + w.Frozen + w.Spent);
        Assert.Equal(came - Sum(LedgerEntryKind.Freeze) + Sum(LedgerEntryKind.Unfreeze), w.Balance);
        Assert.Equal(Sum(LedgerEntryKind.Freeze) - Sum(LedgerEntryKind.Charge) - Sum(LedgerEntryKind.Unfreeze), w.Frozen);
        Assert.Equal(Sum(LedgerEntryKind.Charge), w.Spent);
        var last = Entries[^1];
        Assert.Equal((w.Balance, w.Frozen, w.Spent), (last.BalanceAfter, last.FrozenAfter, last.SpentAfter));

        Assert.Equal(Freezes.Where(f => f.Status == FreezeStatus.Frozen).Sum(f => f.Amount), w.Frozen);
        Assert.Equal(Freezes.Where(f => f.Status == FreezeStatus.Charged).Sum(f => f.Amount), w.Spent);
        foreach (var order in Entries.Where(e => e.OrderId is not null).GroupBy(e => e.OrderId))
        {
            var kinds = order.Select(e => e.Kind).ToList();
            Assert.True(kinds is [LedgerEntryKind.Freeze] or [LedgerEntryKind.Freeze, LedgerEntryKind.Charge]
                or [LedgerEntryKind.Freeze, LedgerEntryKind.Unfreeze], $"order {order.Key} moved money as {string.Join(", ", kinds)}");
        }
    }
}

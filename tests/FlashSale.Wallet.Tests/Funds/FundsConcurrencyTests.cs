using FlashSale.Wallet.Funds;
using FlashSale.Wallet.Wallets;
using Xunit.Abstractions;

namespace FlashSale.Wallet.Tests.Funds;

/// <summary>I3 under real concurrency on real PostgreSQL: every call runs in its own scope, connection and transaction.</summary>
public sealed class FundsConcurrencyTests(WalletServiceFixture fixture, ITestOutputHelper output) : IClassFixture<WalletServiceFixture>
{
    private const decimal Opening = WalletServiceFixture.OpeningBalance;

    [Fact]
    public async Task Concurrent_tries_of_many_orders_freeze_only_what_the_balance_holds()
    {
        var user = WalletServiceFixture.NewUser();
        var orders = Enumerable.Range(0, 50).Select(_ => WalletServiceFixture.NewOrderId()).ToList();

        var results = await Together(orders.Select(order => (Func<Task<TryResult>>)(() => fixture.TryAsync(order, user, 20m))));

        // 250.00 holds twelve freezes of 20.00, whichever twelve win.
        Assert.Equal(12, results.Count(r => r.Outcome == TryOutcome.Frozen));
        Assert.Equal(38, results.Count(r => r.Outcome == TryOutcome.InsufficientFunds));
        var state = await fixture.StateAsync(user);
        Assert.Equal((10m, 240m, 0m), (state.OpenWallet.Balance, state.OpenWallet.Frozen, state.OpenWallet.Spent));
        Assert.Equal(12, state.Freezes.Count(f => f.Status == FreezeStatus.Frozen));
        Assert.Equal(38, state.Freezes.Count(f => f.Status == FreezeStatus.Refused));
        state.AssertConserved();
    }

    [Fact]
    public async Task A_try_racing_its_cancel_either_freezes_then_unfreezes_or_is_refused_after_an_empty_rollback()
    {
        var user = WalletServiceFixture.NewUser();
        var orders = Enumerable.Range(0, 40).Select(_ => WalletServiceFixture.NewOrderId()).ToList();

        var pairs = await Task.WhenAll(orders.Select(async order =>
        {
            var tryTask = Task.Run(() => fixture.TryAsync(order, user, 5m));
            var cancelTask = Task.Run(() => fixture.CancelAsync(order, user));
            return (Try: await tryTask, Cancel: await cancelTask);
        }));

        Assert.All(pairs, pair => Assert.True(
            (pair.Try.Outcome, pair.Cancel.Outcome) is (TryOutcome.Frozen, CancelOutcome.Unfrozen)
                or (TryOutcome.AlreadyCancelled, CancelOutcome.EmptyRollback),
            $"try {pair.Try.Outcome} with cancel {pair.Cancel.Outcome}"));
        var state = await fixture.StateAsync(user);
        Assert.Equal((Opening, 0m, 0m), (state.OpenWallet.Balance, state.OpenWallet.Frozen, state.OpenWallet.Spent));
        Assert.All(state.Freezes, f => Assert.Equal(FreezeStatus.Cancelled, f.Status));
        var frozenFirst = pairs.Count(p => p.Try.Outcome == TryOutcome.Frozen);
        output.WriteLine($"try first: {frozenFirst}, cancel first: {pairs.Length - frozenFirst}");
        Assert.Equal(frozenFirst, state.Entries.Count(e => e.Kind == LedgerEntryKind.Unfreeze));
        state.AssertConserved();
    }

    [Fact]
    public async Task A_confirm_racing_a_cancel_of_the_same_freeze_lets_exactly_one_of_them_move_the_money()
    {
        var user = WalletServiceFixture.NewUser();
        var orders = Enumerable.Range(0, 30).Select(_ => WalletServiceFixture.NewOrderId()).ToList();
        foreach (var order in orders)
        {
            Assert.Equal(TryOutcome.Frozen, (await fixture.TryAsync(order, user, 3m)).Outcome);
        }

        var pairs = await Task.WhenAll(orders.Select(async order =>
        {
            var confirmTask = Task.Run(() => fixture.ConfirmAsync(order));
            var cancelTask = Task.Run(() => fixture.CancelAsync(order, user));
            return (Confirm: await confirmTask, Cancel: await cancelTask);
        }));

        Assert.All(pairs, pair => Assert.True(
            (pair.Confirm.Outcome, pair.Cancel.Outcome) is (ConfirmOutcome.Charged, CancelOutcome.AlreadyCharged)
                or (ConfirmOutcome.AlreadyCancelled, CancelOutcome.Unfrozen),
            $"confirm {pair.Confirm.Outcome} with cancel {pair.Cancel.Outcome}"));
        var charged = pairs.Count(p => p.Confirm.Outcome == ConfirmOutcome.Charged);
        output.WriteLine($"confirm first: {charged}, cancel first: {pairs.Length - charged}");
        var state = await fixture.StateAsync(user);
        Assert.Equal((Opening - (3m * charged), 0m, 3m * charged), (state.OpenWallet.Balance, state.OpenWallet.Frozen, state.OpenWallet.Spent));
        state.AssertConserved();
    }

    [Fact]
    public async Task The_same_try_arriving_many_times_at_once_freezes_once()
    {
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());

        var results = await Together(Enumerable.Range(0, 12).Select(_ => (Func<Task<TryResult>>)(() => fixture.TryAsync(order, user, 70m))));

        Assert.Single(results, r => r.Outcome == TryOutcome.Frozen);
        Assert.All(results, r => Assert.True(r.IsFrozen));
        var state = await fixture.StateAsync(user);
        Assert.Equal((Opening - 70m, 70m), (state.OpenWallet.Balance, state.OpenWallet.Frozen));
        state.AssertConserved();
    }

    [Fact]
    public async Task Tries_confirms_cancels_and_credits_of_one_wallet_all_at_once_conserve_its_money()
    {
        var user = WalletServiceFixture.NewUser();
        var orders = Enumerable.Range(0, 36).Select(_ => WalletServiceFixture.NewOrderId()).ToList();
        var operations = new List<Func<Task>>();
        for (var i = 0; i < orders.Count; i++)
        {
            var order = orders[i];
            operations.Add(() => fixture.TryAsync(order, user, 11.11m));
            operations.Add(i % 3 == 0 ? () => fixture.ConfirmAsync(order) : () => fixture.CancelAsync(order, user));
            if (i % 6 == 0)
            {
                operations.Add(() => fixture.CreditAsync(user, 7.5m));
            }
        }

        await Together(operations.Select(op => (Func<Task<int>>)(async () =>
        {
            await op();
            return 0;
        })));

        var state = await fixture.StateAsync(user);
        Assert.Equal(Opening + (6 * 7.5m), state.OpenWallet.Balance + state.OpenWallet.Frozen + state.OpenWallet.Spent);
        state.AssertConserved();
    }

    // Starts every call at once on the thread pool, so they really overlap in PostgreSQL.
    private static async Task<T[]> Together<T>(IEnumerable<Func<Task<T>>> calls)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = calls.Select(call => Task.Run(async () =>
        {
            await start.Task;
            return await call();
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }
}

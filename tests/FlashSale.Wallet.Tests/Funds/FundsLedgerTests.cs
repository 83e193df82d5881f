using FlashSale.Contracts.Funds;
using FlashSale.Wallet.Funds;
using FlashSale.Wallet.Wallets;

namespace FlashSale.Wallet.Tests.Funds;

/// <summary>TCC semantics of the wallet on real PostgreSQL: each call is its own scope and transaction.</summary>
public sealed class FundsLedgerTests(WalletServiceFixture fixture) : IClassFixture<WalletServiceFixture>
{
    private const decimal Opening = WalletServiceFixture.OpeningBalance;

    [Fact]
    public async Task Try_freezes_the_amount_and_the_ledger_names_the_order()
    {
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());

        var result = await fixture.TryAsync(order, user, 99.90m, paymentId: 4242);

        Assert.Equal(new TryResult(TryOutcome.Frozen, 4242, 99.90m), result);
        var state = await fixture.StateAsync(user);
        Assert.Equal((Opening - 99.90m, 99.90m, 0m), (state.OpenWallet.Balance, state.OpenWallet.Frozen, state.OpenWallet.Spent));
        var entry = Assert.Single(state.EntriesOf(order));
        Assert.Equal((LedgerEntryKind.Freeze, 99.90m), (entry.Kind, entry.Amount));
        var freeze = state.Freeze(order);
        Assert.Equal((FreezeStatus.Frozen, 4242L, 99.90m), (freeze.Status, freeze.PaymentId, freeze.Amount));
        Assert.NotNull(freeze.FrozenAt);
        state.AssertConserved();
    }

    [Fact]
    public async Task Confirm_spends_the_frozen_amount_once_however_often_it_arrives()
    {
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());
        await fixture.TryAsync(order, user, 40m);

        var first = await fixture.ConfirmAsync(order);
        var second = await fixture.ConfirmAsync(order);

        Assert.Equal(new ConfirmResult(ConfirmOutcome.Charged, 40m), first);
        Assert.Equal(new ConfirmResult(ConfirmOutcome.AlreadyCharged, 40m), second);
        var state = await fixture.StateAsync(user);
        Assert.Equal((Opening - 40m, 0m, 40m), (state.OpenWallet.Balance, state.OpenWallet.Frozen, state.OpenWallet.Spent));
        Assert.Equal([LedgerEntryKind.Freeze, LedgerEntryKind.Charge], state.EntriesOf(order).Select(e => e.Kind));
        Assert.Equal(FreezeStatus.Charged, state.Freeze(order).Status);
        state.AssertConserved();
    }

    [Fact]
    public async Task Cancel_unfreezes_once_however_often_it_arrives()
    {
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());
        await fixture.TryAsync(order, user, 12.34m);

        var first = await fixture.CancelAsync(order, user);
        var second = await fixture.CancelAsync(order, user);

        Assert.Equal(new CancelResult(CancelOutcome.Unfrozen, 12.34m), first);
        Assert.Equal(new CancelResult(CancelOutcome.AlreadyUnfrozen, 12.34m), second);
        Assert.Equal(UnfreezeOutcomes.Unfrozen, second.ReplyOutcome);
        var state = await fixture.StateAsync(user);
        Assert.Equal((Opening, 0m, 0m), (state.OpenWallet.Balance, state.OpenWallet.Frozen, state.OpenWallet.Spent));
        Assert.Equal([LedgerEntryKind.Freeze, LedgerEntryKind.Unfreeze], state.EntriesOf(order).Select(e => e.Kind));
        state.AssertConserved();
    }

    [Fact]
    public async Task A_cancel_before_its_try_is_an_empty_rollback_and_the_late_try_is_refused()
    {
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());

        var cancel = await fixture.CancelAsync(order, user);
        var again = await fixture.CancelAsync(order, user);
        var lateTry = await fixture.TryAsync(order, user, 10m);

        Assert.Equal(new CancelResult(CancelOutcome.EmptyRollback, 0m), cancel);
        Assert.Equal(UnfreezeOutcomes.NothingFrozen, cancel.ReplyOutcome);
        Assert.Equal(new CancelResult(CancelOutcome.NothingFrozen, 0m), again);
        Assert.Equal(TryOutcome.AlreadyCancelled, lateTry.Outcome);
        Assert.Equal(FundsRefusalReasons.AlreadyCancelled, lateTry.RefusalReason);
        var state = await fixture.StateAsync(user);
        Assert.Null(state.Wallet); // no money moved: the wallet was not even opened
        Assert.Empty(state.Entries);
        var freeze = state.Freeze(order);
        Assert.Equal((FreezeStatus.Cancelled, 0m, (long?)null), (freeze.Status, freeze.Amount, freeze.PaymentId));
        Assert.Null(freeze.FrozenAt);
    }

    [Fact]
    public async Task A_try_redelivered_after_its_order_was_unfrozen_is_refused_not_frozen_again()
    {
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());
        await fixture.TryAsync(order, user, 50m);
        await fixture.CancelAsync(order, user);

        var suspended = await fixture.TryAsync(order, user, 50m);

        Assert.Equal(TryOutcome.AlreadyCancelled, suspended.Outcome);
        Assert.False(suspended.IsFrozen);
        var state = await fixture.StateAsync(user);
        Assert.Equal((Opening, 0m), (state.OpenWallet.Balance, state.OpenWallet.Frozen));
        Assert.Equal([LedgerEntryKind.Freeze, LedgerEntryKind.Unfreeze], state.EntriesOf(order).Select(e => e.Kind));
        state.AssertConserved();
    }

    [Fact]
    public async Task A_repeated_try_freezes_nothing_more_even_with_another_amount_or_payment()
    {
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());
        await fixture.TryAsync(order, user, 30m, paymentId: 1);

        var repeated = await fixture.TryAsync(order, user, 30m, paymentId: 1);
        var other = await fixture.TryAsync(order, user, 80m, paymentId: 2);

        Assert.Equal(new TryResult(TryOutcome.AlreadyFrozen, 1, 30m), repeated);
        Assert.Equal(new TryResult(TryOutcome.AlreadyFrozen, 1, 30m), other);
        var state = await fixture.StateAsync(user);
        Assert.Equal(30m, state.OpenWallet.Frozen);
        Assert.Single(state.EntriesOf(order));
        state.AssertConserved();
    }

    [Fact]
    public async Task Insufficient_funds_refuse_the_try_record_it_and_move_nothing()
    {
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());

        var refused = await fixture.TryAsync(order, user, Opening + 0.01m);
        var retried = await fixture.TryAsync(order, user, 1m);
        var confirm = await fixture.ConfirmAsync(order);
        var cancel = await fixture.CancelAsync(order, user);

        Assert.Equal(TryOutcome.InsufficientFunds, refused.Outcome);
        Assert.Equal(FundsRefusalReasons.InsufficientFunds, refused.RefusalReason);
        Assert.Equal(TryOutcome.InsufficientFunds, retried.Outcome); // one payment per order: a refused order stays refused
        Assert.Equal(new ConfirmResult(ConfirmOutcome.NothingFrozen, 0m), confirm);
        Assert.Equal(new CancelResult(CancelOutcome.NothingFrozen, 0m), cancel);
        var state = await fixture.StateAsync(user);
        Assert.Equal((Opening, 0m, 0m), (state.OpenWallet.Balance, state.OpenWallet.Frozen, state.OpenWallet.Spent));
        var freeze = state.Freeze(order);
        Assert.Equal((FreezeStatus.Refused, FundsRefusalReasons.InsufficientFunds), (freeze.Status, freeze.RefusalReason));
        Assert.Null(freeze.FrozenAt);
        Assert.Empty(state.EntriesOf(order));
        state.AssertConserved();
    }

    [Fact]
    public async Task The_whole_balance_can_be_frozen_but_not_a_cent_more()
    {
        var user = WalletServiceFixture.NewUser();
        var (all, more) = (WalletServiceFixture.NewOrderId(), WalletServiceFixture.NewOrderId());

        var first = await fixture.TryAsync(all, user, Opening);
        var second = await fixture.TryAsync(more, user, 0.01m);

        Assert.Equal(TryOutcome.Frozen, first.Outcome);
        Assert.Equal(TryOutcome.InsufficientFunds, second.Outcome);
        var state = await fixture.StateAsync(user);
        Assert.Equal((0m, Opening), (state.OpenWallet.Balance, state.OpenWallet.Frozen));
        state.AssertConserved();
    }

    [Fact]
    public async Task Cancel_after_charge_reports_already_charged_and_the_money_stays_spent()
    {
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());
        await fixture.TryAsync(order, user, 25m);
        await fixture.ConfirmAsync(order);

        var cancel = await fixture.CancelAsync(order, user);

        Assert.Equal(new CancelResult(CancelOutcome.AlreadyCharged, 25m), cancel);
        Assert.Equal(UnfreezeOutcomes.AlreadyCharged, cancel.ReplyOutcome);
        var state = await fixture.StateAsync(user);
        Assert.Equal((Opening - 25m, 0m, 25m), (state.OpenWallet.Balance, state.OpenWallet.Frozen, state.OpenWallet.Spent));
        Assert.Equal(FreezeStatus.Charged, state.Freeze(order).Status);
        state.AssertConserved();
    }

    [Fact]
    public async Task Confirm_charges_nothing_that_was_not_frozen()
    {
        var user = WalletServiceFixture.NewUser();
        var (never, cancelled) = (WalletServiceFixture.NewOrderId(), WalletServiceFixture.NewOrderId());
        await fixture.TryAsync(cancelled, user, 20m);
        await fixture.CancelAsync(cancelled, user);

        var noTry = await fixture.ConfirmAsync(never);
        var afterCancel = await fixture.ConfirmAsync(cancelled);

        Assert.Equal(new ConfirmResult(ConfirmOutcome.NothingFrozen, 0m), noTry);
        Assert.Equal(new ConfirmResult(ConfirmOutcome.AlreadyCancelled, 0m), afterCancel);
        var state = await fixture.StateAsync(user);
        Assert.DoesNotContain(state.Freezes, f => f.OrderId == never); // a stray Confirm records nothing
        Assert.Equal((Opening, 0m, 0m), (state.OpenWallet.Balance, state.OpenWallet.Frozen, state.OpenWallet.Spent));
        state.AssertConserved();
    }

    [Fact]
    public async Task Cancel_returns_the_money_to_the_wallet_that_froze_it()
    {
        var (owner, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());
        var stranger = WalletServiceFixture.NewUser();
        await fixture.TryAsync(order, owner, 15m);

        var cancel = await fixture.CancelAsync(order, stranger);

        Assert.Equal(CancelOutcome.Unfrozen, cancel.Outcome);
        var ownerState = await fixture.StateAsync(owner);
        Assert.Equal((Opening, 0m), (ownerState.OpenWallet.Balance, ownerState.OpenWallet.Frozen));
        ownerState.AssertConserved();
        Assert.Null((await fixture.StateAsync(stranger)).Wallet);
    }

    [Theory]
    [InlineData(0, "u-1", 10)]
    [InlineData(1, "u-1", 0)]
    [InlineData(1, "u-1", -5)]
    [InlineData(1, "u-1", 1.005)]
    [InlineData(1, "", 10)]
    public async Task Malformed_tries_throw_and_record_nothing(long orderId, string user, decimal amount)
    {
        var order = orderId == 0 ? 0 : WalletServiceFixture.NewOrderId();
        var realUser = user.Length == 0 ? "" : WalletServiceFixture.NewUser();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => fixture.TryAsync(order, realUser, amount));

        if (realUser.Length > 0)
        {
            var state = await fixture.StateAsync(realUser);
            Assert.Null(state.Wallet);
            Assert.Empty(state.Freezes);
        }
    }
}

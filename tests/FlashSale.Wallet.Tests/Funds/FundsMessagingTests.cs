using System.Diagnostics.Metrics;
using FlashSale.Contracts.Funds;
using FlashSale.Messaging.Inbox;
using FlashSale.Messaging.Outbox;
using FlashSale.Testing;
using FlashSale.Wallet.Data;
using FlashSale.Wallet.Funds;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace FlashSale.Wallet.Tests.Funds;

/// <summary>The TCC commands through the real RabbitMQ: the saga's queue receives the replies the outbox relays.</summary>
public sealed class FundsMessagingTests(WalletBusFixture fixture) : IClassFixture<WalletBusFixture>
{
    private const decimal Opening = WalletServiceFixture.OpeningBalance;

    [Fact]
    public async Task The_same_freeze_delivered_twice_freezes_once_and_replies_once()
    {
        var replies = await fixture.SagaRepliesAsync();
        var consumes = fixture.Consumes;
        using var tries = new MetricCollector<long>(fixture.Factory.Services.GetRequiredService<IMeterFactory>(), FundsMetrics.MeterName, FundsMetrics.Tries);
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());
        var command = new FreezeFunds(order, 9001, user, 30m);
        var messageId = NewId.NextGuid();

        await fixture.SendAsync(command, messageId);
        await fixture.SendAsync(command, messageId);
        await consumes.WaitUntilHandledAsync(messageId, times: 2);

        var reply = await replies.WaitForAsync<FundsFrozen>(r => r.OrderId == order);
        Assert.Equal(new FundsFrozen(order, 9001, 30m), reply);
        var state = await fixture.StateAsync(user);
        Assert.Equal((Opening - 30m, 30m), (state.OpenWallet.Balance, state.OpenWallet.Frozen));
        Assert.Single(state.EntriesOf(order));
        state.AssertConserved();
        var (inbox, outbox) = await RecordsOfAsync(messageId, order);
        Assert.Equal([InboxKeys.ConsumerOf<FreezeFunds>()], inbox);
        var row = Assert.Single(outbox);
        Assert.Contains(nameof(FundsFrozen), row.MessageType, StringComparison.Ordinal);
        Assert.Equal("queue:order-saga", row.Destination);
        Assert.Single(replies.All<FundsFrozen>(r => r.OrderId == order));
        var counted = Assert.Single(tries.GetMeasurementSnapshot());
        Assert.Equal(("frozen", 1L), (counted.Tags["outcome"], counted.Value));
    }

    [Fact]
    public async Task A_freeze_sent_again_under_a_new_message_id_is_answered_again_but_freezes_nothing_more()
    {
        var replies = await fixture.SagaRepliesAsync();
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());
        var command = new FreezeFunds(order, 77, user, 45.5m);

        await fixture.SendAsync(command, NewId.NextGuid());
        await replies.WaitForAsync<FundsFrozen>(r => r.OrderId == order);
        await fixture.SendAsync(command, NewId.NextGuid());
        await Eventually.HoldsAsync(() => replies.All<FundsFrozen>(r => r.OrderId == order).Count == 2, "the re-sent freeze to be answered again");

        var state = await fixture.StateAsync(user);
        Assert.Equal(45.5m, state.OpenWallet.Frozen);
        Assert.Single(state.EntriesOf(order));
        Assert.All(replies.All<FundsFrozen>(r => r.OrderId == order), r => Assert.Equal(new FundsFrozen(order, 77, 45.5m), r));
    }

    [Fact]
    public async Task Freeze_then_charge_then_a_late_unfreeze_leave_the_money_spent_and_only_the_try_and_cancel_are_answered()
    {
        var (replies, consumes) = (await fixture.SagaRepliesAsync(), fixture.Consumes);
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());

        await fixture.SendAsync(new FreezeFunds(order, 5, user, 19.80m), NewId.NextGuid());
        await replies.WaitForAsync<FundsFrozen>(r => r.OrderId == order);
        var charge = NewId.NextGuid();
        await fixture.SendAsync(new ChargeFrozenFunds(order, user), charge);
        await consumes.WaitUntilHandledAsync(charge);
        var charged = (await fixture.StateAsync(user)).OpenWallet;
        Assert.Equal((0m, 19.80m), (charged.Frozen, charged.Spent));
        await fixture.SendAsync(new UnfreezeFunds(order, user), NewId.NextGuid());
        var unfrozen = await replies.WaitForAsync<FundsUnfrozen>(r => r.OrderId == order);

        // The order was paid at the capture: the Confirm is not answered (it would decide nothing).
        Assert.Equal([typeof(FundsFrozen), typeof(FundsUnfrozen)], replies.Messages.Where(m => m is FundsFrozen f && f.OrderId == order || m is FundsUnfrozen u && u.OrderId == order).Select(m => m.GetType()));
        Assert.Equal(new FundsUnfrozen(order, 19.80m, UnfreezeOutcomes.AlreadyCharged), unfrozen);
        var state = await fixture.StateAsync(user);
        Assert.Equal((Opening - 19.80m, 0m, 19.80m), (state.OpenWallet.Balance, state.OpenWallet.Frozen, state.OpenWallet.Spent));
        state.AssertConserved();
    }

    [Fact]
    public async Task An_unfreeze_before_its_freeze_is_answered_nothing_frozen_and_the_late_freeze_is_refused()
    {
        var replies = await fixture.SagaRepliesAsync();
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());

        await fixture.SendAsync(new UnfreezeFunds(order, user), NewId.NextGuid());
        var unfrozen = await replies.WaitForAsync<FundsUnfrozen>(r => r.OrderId == order);
        await fixture.SendAsync(new FreezeFunds(order, 6, user, 10m), NewId.NextGuid());
        var refused = await replies.WaitForAsync<FundsFreezeRefused>(r => r.OrderId == order);

        Assert.Equal(new FundsUnfrozen(order, 0m, UnfreezeOutcomes.NothingFrozen), unfrozen);
        Assert.Equal(new FundsFreezeRefused(order, 6, FundsRefusalReasons.AlreadyCancelled), refused);
        var state = await fixture.StateAsync(user);
        Assert.Null(state.Wallet);
        Assert.Empty(state.Entries);
        Assert.Empty(replies.All<FundsFrozen>(r => r.OrderId == order));
    }

    [Fact]
    public async Task A_freeze_beyond_the_balance_is_refused_for_insufficient_funds()
    {
        var replies = await fixture.SagaRepliesAsync();
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());

        await fixture.SendAsync(new FreezeFunds(order, 8, user, Opening + 1m), NewId.NextGuid());

        var refused = await replies.WaitForAsync<FundsFreezeRefused>(r => r.OrderId == order);
        Assert.Equal(new FundsFreezeRefused(order, 8, FundsRefusalReasons.InsufficientFunds), refused);
        var state = await fixture.StateAsync(user);
        Assert.Equal((Opening, 0m), (state.OpenWallet.Balance, state.OpenWallet.Frozen));
    }

    [Fact]
    public async Task A_malformed_freeze_goes_to_the_error_queue_and_changes_nothing()
    {
        var errors = await fixture.WalletErrorsAsync();
        var replies = await fixture.SagaRepliesAsync();
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());
        var messageId = NewId.NextGuid();

        await fixture.SendAsync(new FreezeFunds(order, 9, user, 0m), messageId);

        await errors.WaitForAsync<FreezeFunds>(m => m.OrderId == order);
        var state = await fixture.StateAsync(user);
        Assert.Null(state.Wallet);
        Assert.Empty(state.Freezes);
        var (inbox, outbox) = await RecordsOfAsync(messageId, order);
        Assert.Empty(inbox); // rolled back with the failed attempt: a fixed redelivery would be handled
        Assert.Empty(outbox);
        Assert.DoesNotContain(replies.Messages, m => m is FundsFrozen f && f.OrderId == order || m is FundsFreezeRefused r && r.OrderId == order);
    }

    private async Task<(List<string> Inbox, List<OutboxMessage> Outbox)> RecordsOfAsync(Guid messageId, long orderId)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WalletDbContext>();
        var inbox = await db.Set<InboxMessage>().Where(m => m.MessageId == messageId).Select(m => m.Consumer).ToListAsync();
        var marker = $"\"orderId\":{orderId},";
        var outbox = await db.Set<OutboxMessage>().Where(m => m.Body.Contains(marker)).ToListAsync();
        return (inbox, outbox);
    }
}

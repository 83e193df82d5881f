using System.Text.Json;
using FlashSale.Contracts;
using FlashSale.Contracts.Funds;
using FlashSale.Contracts.Payments;
using FlashSale.Messaging.Bundles;
using MassTransit;

namespace FlashSale.Wallet.Tests.Funds;

/// <summary>
/// The order service's announcements and TCC commands as its relay bundles them (shared/FlashSale.Messaging/Bundles/), on
/// the real RabbitMQ: the wallet records every announced order and applies every command once, a duplicate inside a
/// bundle included, exactly as when each came alone.
/// </summary>
public sealed class FundsBundleTests(WalletBusFixture fixture) : IClassFixture<WalletBusFixture>
{
    [Fact]
    public async Task Bundled_announcements_then_bundled_freezes_freeze_each_order_once_and_answer_each_once()
    {
        var replies = await fixture.SagaRepliesAsync();
        var orders = Enumerable.Range(0, 4).Select(_ => (Order: WalletServiceFixture.NewOrderId(), User: WalletServiceFixture.NewUser())).ToList();
        var deadline = DateTimeOffset.UtcNow.AddMinutes(5);
        // Two creation batches' announcements in one bundle, as a relay pass that claimed both sends them.
        await SendBundleAsync<OrdersAwaitingPayment>(
            Item(new OrdersAwaitingPayment([.. orders.Take(2).Select(o => new OrderAwaitingPayment(o.Order, o.User, 12.5m, deadline))])),
            Item(new OrdersAwaitingPayment([.. orders.Skip(2).Select(o => new OrderAwaitingPayment(o.Order, o.User, 12.5m, deadline))])));
        var freezes = orders.Select((o, i) => Item(new FreezeFunds(o.Order, 100 + i, o.User, 12.5m))).ToList();

        await SendBundleAsync<FreezeFunds>([.. freezes, freezes[1]]);

        foreach (var (order, user) in orders)
        {
            await replies.WaitForAsync<FundsFrozen>(r => r.OrderId == order);
            var state = await fixture.StateAsync(user);
            Assert.Equal((WalletServiceFixture.OpeningBalance - 12.5m, 12.5m), (state.OpenWallet.Balance, state.OpenWallet.Frozen));
            Assert.Single(state.EntriesOf(order));
            state.AssertConserved();
        }

        Assert.All(orders, o => Assert.Single(replies.All<FundsFrozen>(r => r.OrderId == o.Order)));
    }

    private static BundledMessage Item(object message) =>
        new(NewId.NextGuid(), JsonSerializer.SerializeToElement(message, message.GetType(), JsonSerializerOptions.Web), TraceParent: null);

    private async Task SendBundleAsync<T>(params BundledMessage[] items)
    {
        var endpoint = await fixture.Bus.GetSendEndpoint(ServiceQueues.WalletFundsAddress);
        var bundleId = NewId.NextGuid();
        await endpoint.Send(new MessageBundle(typeof(T).FullName!, items), c => c.MessageId = bundleId);
        await fixture.Consumes.WaitUntilHandledAsync(bundleId);
    }
}

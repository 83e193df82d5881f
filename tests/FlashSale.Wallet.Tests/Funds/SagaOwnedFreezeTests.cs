using FlashSale.Contracts;
using FlashSale.Contracts.Funds;
using FlashSale.Contracts.Payments;
using FlashSale.Testing;
using FlashSale.Wallet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Wallet.Tests.Funds;

/// <summary>
/// A freeze is only for an order the saga created: the order service announces each order (OrdersAwaitingPayment on
/// the wallet's queue) and a FreezeFunds must name that order's user and amount. A forged or wrong freeze moves no money.
/// </summary>
public sealed class SagaOwnedFreezeTests(WalletBusFixture fixture) : IClassFixture<WalletBusFixture>
{
    [Fact]
    public async Task The_order_services_announcements_are_recorded_once_each()
    {
        var (first, second) = (WalletServiceFixture.NewOrderId(), WalletServiceFixture.NewOrderId());
        var announcement = new OrdersAwaitingPayment(
        [
            new OrderAwaitingPayment(first, "u-a", 10m, DateTimeOffset.UtcNow.AddMinutes(15)),
            new OrderAwaitingPayment(second, "u-b", 20.5m, DateTimeOffset.UtcNow.AddMinutes(15)),
        ]);
        var endpoint = await fixture.Bus.GetSendEndpoint(ServiceQueues.WalletFundsAddress);

        await endpoint.Send(announcement);
        await endpoint.Send(announcement); // a redelivery under a new id

        var recorded = await Eventually.HoldsAsync(() => AnnouncedAsync(first, second), r => r.Count == 2, "both orders to be recorded");
        Assert.Equal([(first, "u-a", 10m), (second, "u-b", 20.5m)], recorded);
    }

    [Theory]
    [InlineData("someone-else", 30)]
    [InlineData(null, 3000)]
    public async Task A_freeze_naming_another_user_or_amount_than_the_order_is_refused_and_moves_no_money(string? otherUser, int amount)
    {
        var replies = await fixture.SagaRepliesAsync();
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());
        await fixture.AnnounceAsync(order, user, 30m);
        var victim = otherUser is null ? user : WalletServiceFixture.NewUser();
        var endpoint = await fixture.Bus.GetSendEndpoint(ServiceQueues.WalletFundsAddress);

        await endpoint.Send(new FreezeFunds(order, 11, victim, amount));

        var refused = await replies.WaitForAsync<FundsFreezeRefused>(r => r.OrderId == order);
        Assert.Equal(FundsRefusalReasons.OrderMismatch, refused.Reason);
        var state = await fixture.StateAsync(victim);
        Assert.Equal(0m, state.Wallet?.Frozen ?? 0m);
        Assert.Empty(state.Freezes);
    }

    [Fact]
    public async Task A_freeze_for_an_order_the_saga_never_created_ends_in_the_error_queue_and_moves_no_money()
    {
        var errors = await fixture.WalletErrorsAsync();
        var (user, order) = (WalletServiceFixture.NewUser(), WalletServiceFixture.NewOrderId());
        var endpoint = await fixture.Bus.GetSendEndpoint(ServiceQueues.WalletFundsAddress);

        await endpoint.Send(new FreezeFunds(order, 12, user, 25m));

        await errors.WaitForAsync<FreezeFunds>(m => m.OrderId == order, TimeSpan.FromSeconds(60));
        var state = await fixture.StateAsync(user);
        Assert.Null(state.Wallet);
        Assert.Empty(state.Freezes);
    }

    private async Task<List<(long, string, decimal)>> AnnouncedAsync(params long[] orders)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WalletDbContext>();
        var rows = await db.SagaOrders.AsNoTracking().Where(o => orders.Contains(o.OrderId)).OrderBy(o => o.OrderId).ToListAsync();
        return rows.Select(o => (o.OrderId, o.UserId, o.Amount)).ToList();
    }
}

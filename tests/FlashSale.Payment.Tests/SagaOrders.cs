using FlashSale.Contracts.Payments;

namespace FlashSale.Payment.Tests;

public sealed record AnnouncedOrder(long Id, string UserId, decimal Amount, DateTimeOffset PaymentDeadline);

/// <summary>The order saga as the payment service hears it: orders announced as awaiting payment, through the real queue.</summary>
public sealed class SagaOrders(PaymentServiceFixture fixture)
{
    public static long NewOrderId() => Random.Shared.NextInt64(1L << 40, 1L << 50);

    public async Task<AnnouncedOrder> AddAsync(string userId, decimal amount = 9.90m, DateTimeOffset? paymentDeadline = null)
    {
        var order = new AnnouncedOrder(NewOrderId(), userId, amount, paymentDeadline ?? DateTimeOffset.UtcNow.AddMinutes(15));
        await AnnounceAsync(order);
        return order;
    }

    public Task AnnounceAsync(AnnouncedOrder order) =>
        fixture.SendAsync(new OrdersAwaitingPayment([new OrderAwaitingPayment(order.Id, order.UserId, order.Amount, order.PaymentDeadline)]), Guid.NewGuid());
}

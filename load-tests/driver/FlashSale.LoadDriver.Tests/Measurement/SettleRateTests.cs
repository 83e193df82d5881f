using FlashSale.BuildingBlocks.Ids;
using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Database;
using FlashSale.LoadDriver.Measurement;

namespace FlashSale.LoadDriver.Tests.Measurement;

public sealed class SettleRateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);

    /// <summary>An order reserved at T0 + ms (its id is the snowflake id inventory minted then).</summary>
    private static OrderRecord Order(int reservedMs, int sequence, string status, double? createdAfterMs, double? settledAfterMs)
    {
        var reservedAt = T0.AddMilliseconds(reservedMs);
        var id = new SnowflakeId((long)(reservedAt - SnowflakeId.Epoch).TotalMilliseconds, 1, sequence).Value;
        return new OrderRecord(id, status, reservedAt.AddMilliseconds(createdAfterMs ?? 0), settledAfterMs is { } s ? reservedAt.AddMilliseconds(s) : null);
    }

    [Fact]
    public void The_reservation_instant_is_read_from_the_order_id()
    {
        var order = Order(1234, 7, OrderStatuses.Paid, 0, 0);

        Assert.Equal(T0.AddMilliseconds(1234), SettleRate.ReservedAt(order.Id));
    }

    [Fact]
    public void Settled_per_second_runs_from_the_first_reservation_to_the_last_payment()
    {
        OrderRecord[] orders =
        [
            Order(0, 0, OrderStatuses.Paid, 100, 2000),
            Order(0, 1, OrderStatuses.Paid, 200, 2500),
            Order(1000, 0, OrderStatuses.Paid, 300, 3000),
            Order(1500, 0, OrderStatuses.Cancelled, 400, 2500),
        ];
        var paymentRequested = new Dictionary<long, DateTimeOffset>
        {
            [orders[0].Id] = T0.AddMilliseconds(1500),
            [orders[1].Id] = T0.AddMilliseconds(2000),
            [orders[2].Id] = T0.AddMilliseconds(3000),
        };

        var figures = SettleRate.Figures(orders, paymentRequested, accepted: 4, notEnded: 0, [TimeSpan.FromSeconds(3)], []);

        // Three paid between the first reservation (T0) and the last payment (T0 + 4 s).
        Assert.Equal((3L, 1L, 4.0, 0.8), (figures.Paid, figures.Cancelled, figures.SettleSeconds, figures.PaidPerSecond));
        Assert.Equal((2500.0, 3000.0, 3), (figures.ReservationToPaid!.P50Ms, figures.ReservationToPaid.MaxMs, (int)figures.ReservationToPaid.Count));
        Assert.Equal((200.0, 400.0, 4), (figures.ReservationToOrder!.P50Ms, figures.ReservationToOrder.MaxMs, (int)figures.ReservationToOrder.Count));
        Assert.Equal((500.0, 1000.0), (figures.PaymentToPaid!.P50Ms, figures.PaymentToPaid.MaxMs));
        Assert.Equal(3000.0, figures.ShopperSawPaid!.P50Ms);
    }

    [Fact]
    public void Without_a_paid_order_there_is_no_rate()
    {
        var figures = SettleRate.Figures([Order(0, 0, OrderStatuses.Cancelled, 10, 20)], new Dictionary<long, DateTimeOffset>(), 1, 0, [], []);

        Assert.Equal((0L, 0.0, 0.0), (figures.Paid, figures.SettleSeconds, figures.PaidPerSecond));
        Assert.Null(figures.ReservationToPaid);
        Assert.Null(figures.ShopperSawPaid);
    }

    [Fact]
    public void Stored_status_names_become_the_api_names()
    {
        Assert.Equal(OrderStatuses.AwaitingPayment, SagaDatabase.ApiStatus("AwaitingPayment"));
        Assert.Equal(OrderStatuses.Paid, SagaDatabase.ApiStatus("Paid"));
        Assert.Equal("", SagaDatabase.ApiStatus(""));
    }

    [Fact]
    public void Progress_counts_paid_orders_from_the_first_reservation_and_keeps_the_last_payment()
    {
        var orders = Enumerable.Range(0, 250).Select(i => Order(i, i % 4000, OrderStatuses.Paid, 10, 1000 + (i * 4)))
            .Append(Order(5, 4001, OrderStatuses.Cancelled, 10, 500))
            .ToList();

        var progress = SettleRate.Progress(orders, points: 100);

        Assert.Equal([0.0, 0], progress[0]);
        Assert.True(progress.Count <= 102, $"{progress.Count} points");
        Assert.Equal([2.245, 250], progress[^1]);
        Assert.True(progress.Zip(progress.Skip(1)).All(p => p.Second[0] >= p.First[0] && p.Second[1] > p.First[1]), "the curve only rises");
    }

    [Fact]
    public void Progress_of_a_run_nobody_paid_in_is_empty() =>
        Assert.Empty(SettleRate.Progress([Order(0, 1, OrderStatuses.Cancelled, 10, 500)]));
}

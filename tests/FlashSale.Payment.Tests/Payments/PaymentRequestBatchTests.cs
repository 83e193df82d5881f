using System.Net;
using System.Net.Http.Json;
using FlashSale.BuildingBlocks.Ids;
using FlashSale.Contracts.Payments;
using FlashSale.Payment.Data;
using FlashSale.Payment.Metrics;
using FlashSale.Payment.Payments;
using FlashSale.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlashSale.Payment.Tests.Payments;

/// <summary>Payment requests decided many per transaction (<see cref="PaymentRequests"/>), on real PostgreSQL.</summary>
public sealed class PaymentRequestBatchTests(PaymentServiceFixture fixture) : IClassFixture<PaymentServiceFixture>
{
    [Fact]
    public async Task Shoppers_paying_at_once_share_transactions_and_each_gets_their_own_payment()
    {
        var orders = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => fixture.Orders.AddAsync($"u-{Guid.NewGuid():N}", 10m + i)));

        var accepted = await Task.WhenAll(orders.Select(async order =>
        {
            using var client = fixture.Shopper(order.UserId);
            using var response = await PaymentServiceFixture.PostPaymentAsync(client, order.Id, $"pay-{order.Id}");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<PaymentAccepted>())!;
        }));

        var payments = new List<OrderPayment>();
        foreach (var (order, answer) in orders.Zip(accepted))
        {
            var payment = Assert.Single(await fixture.PaymentsOfOrderAsync(order.Id));
            Assert.Equal((PaymentRules.FormatId(payment.Id), order.UserId, order.Amount, $"pay-{order.Id}"),
                (answer.PaymentId, payment.UserId, payment.Amount, payment.IdempotencyKey));
            var (requested, _) = Assert.Single(await fixture.OutboxAsync<PaymentRequested>(m => m.OrderId == order.Id));
            Assert.Equal(new PaymentRequested(payment.Id, order.Id, order.UserId, order.Amount), requested);
            payments.Add(payment);
        }

        // Rows written by one transaction carry its id (xmin, the payment's Version): fewer transactions than payments.
        Assert.True(payments.Select(p => p.Version).Distinct().Count() < payments.Count,
            $"{payments.Count} payments were written by {payments.Select(p => p.Version).Distinct().Count()} transactions");
    }

    [Fact]
    public async Task Two_replicas_racing_for_the_same_orders_make_exactly_one_payment_each()
    {
        using var replicaA = NewReplica();
        using var replicaB = NewReplica();
        var orders = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => fixture.Orders.AddAsync($"u-{Guid.NewGuid():N}")));
        await RecordedAsync(orders);

        // Each order: a first attempt on each replica (different keys) and a retry of replica A's on replica B.
        var answers = await Task.WhenAll(orders.Select(async order =>
        {
            var byA = replicaA.DecideAsync(new PaymentRequest(order.Id, order.UserId, "key-a"), CancellationToken.None);
            var byB = replicaB.DecideAsync(new PaymentRequest(order.Id, order.UserId, "key-b"), CancellationToken.None);
            var retryOfA = replicaB.DecideAsync(new PaymentRequest(order.Id, order.UserId, "key-a"), CancellationToken.None);
            return (order, Answers: (await Task.WhenAll(byA, byB, retryOfA)).Select(a => a!.Result).ToList());
        }));

        foreach (var (order, results) in answers)
        {
            var payment = Assert.Single(await fixture.PaymentsOfOrderAsync(order.Id));
            Assert.Single(await fixture.OutboxAsync<PaymentRequested>(m => m.OrderId == order.Id));
            var winnerKey = payment.IdempotencyKey;
            var (sameKey, otherKey) = winnerKey == "key-a" ? ((int[])[0, 2], 1) : ([1], 0);
            foreach (var i in sameKey)
            {
                var accepted = Assert.IsType<Accepted<PaymentAccepted>>(results[i]);
                Assert.Equal(PaymentRules.FormatId(payment.Id), accepted.Value!.PaymentId);
            }

            var refused = Assert.IsType<ProblemHttpResult>(results[otherKey]);
            Assert.Equal(StatusCodes.Status409Conflict, refused.StatusCode);
            Assert.Contains("already has a payment", refused.ProblemDetails.Detail, StringComparison.Ordinal);
            if (winnerKey == "key-b")
            {
                Assert.Equal(StatusCodes.Status409Conflict, Assert.IsType<ProblemHttpResult>(results[2]).StatusCode);
            }
        }
    }

    [Fact]
    public async Task A_request_for_an_order_not_announced_yet_is_left_to_its_caller_and_holds_nobody_up()
    {
        using var replica = NewReplica();
        var known = await fixture.Orders.AddAsync($"u-{Guid.NewGuid():N}");
        await RecordedAsync([known]);
        var unknownOrderId = SagaOrders.NewOrderId();

        var unknown = replica.DecideAsync(new PaymentRequest(unknownOrderId, known.UserId, "k"), CancellationToken.None);
        var accepted = replica.DecideAsync(new PaymentRequest(known.Id, known.UserId, "k"), CancellationToken.None);

        Assert.Null(await unknown);
        Assert.IsType<Accepted<PaymentAccepted>>((await accepted)!.Result);
        Assert.Empty(await fixture.PaymentsOfOrderAsync(unknownOrderId));
    }

    /// <summary>Until the payment service recorded the announcements (the deciders do not wait for them; the API does).</summary>
    private async Task RecordedAsync(IReadOnlyCollection<AnnouncedOrder> orders)
    {
        var ids = orders.Select(o => o.Id).ToArray();
        await Eventually.HoldsAsync(async () =>
        {
            await using var scope = fixture.Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PaymentDbContext>();
            return await db.PayableOrders.CountAsync(o => ids.Contains(o.OrderId)) == ids.Length;
        }, "the payment service to record the orders' announcements");
    }

    /// <summary>A second decider on the same database, as another replica of the service would have.</summary>
    private PaymentRequests NewReplica()
    {
        var services = fixture.Factory.Services;
        return new PaymentRequests(services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<IIdGenerator>(),
            services.GetRequiredService<PaymentMetrics>(), TimeProvider.System, Options.Create(new PaymentRequestOptions()),
            services.GetRequiredService<ILogger<PaymentRequests>>());
    }
}

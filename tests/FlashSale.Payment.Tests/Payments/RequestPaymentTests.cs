using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FlashSale.Contracts;
using FlashSale.Contracts.Payments;
using FlashSale.Payment.Payments;
using FlashSale.Testing;

namespace FlashSale.Payment.Tests.Payments;

public sealed class RequestPaymentTests(PaymentServiceFixture fixture) : IClassFixture<PaymentServiceFixture>
{
    [Fact]
    public async Task An_accepted_payment_is_recorded_and_handed_to_the_saga_through_the_outbox()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var order = await fixture.Orders.AddAsync(user, 19.80m);
        using var client = fixture.Shopper(user);

        using var response = await PaymentServiceFixture.PostPaymentAsync(client, order.Id, "key-1");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<PaymentAccepted>();
        Assert.Equal("processing", accepted!.Status);
        Assert.Equal($"/api/payments/{accepted.PaymentId}", response.Headers.Location?.OriginalString);
        var paymentId = long.Parse(accepted.PaymentId, CultureInfo.InvariantCulture);
        var payment = Assert.Single(await fixture.PaymentsOfOrderAsync(order.Id));
        Assert.Equal((paymentId, user, 19.80m, "key-1", PaymentStatus.Processing),
            (payment.Id, payment.UserId, payment.Amount, payment.IdempotencyKey, payment.Status));

        var (requested, row) = Assert.Single(await fixture.OutboxAsync<PaymentRequested>(m => m.OrderId == order.Id));
        Assert.Equal(new PaymentRequested(paymentId, order.Id, user, 19.80m), requested);
        Assert.Equal(ServiceQueues.OrderSagaAddress.ToString(), row.Destination);
        await Eventually.HoldsAsync(
            async () => (await fixture.OutboxAsync<PaymentRequested>(m => m.OrderId == order.Id)).Single().Row.SentAt is not null,
            "the relay to send PaymentRequested to RabbitMQ");
    }

    [Fact]
    public async Task A_retry_with_the_same_key_gets_the_same_payment_even_after_the_order_moved_on()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var order = await fixture.Orders.AddAsync(user);
        using var client = fixture.Shopper(user);

        using var first = await PaymentServiceFixture.PostPaymentAsync(client, order.Id, "same-key");
        using var second = await PaymentServiceFixture.PostPaymentAsync(client, order.Id, "same-key");
        await fixture.Orders.AnnounceAsync(order); // the saga's announcement again (a re-send): nothing changes
        using var third = await PaymentServiceFixture.PostPaymentAsync(client, order.Id, "same-key");

        var bodies = new List<string>();
        foreach (var response in new[] { first, second, third })
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(bodies.Distinct());
        Assert.Equal(first.Headers.Location, third.Headers.Location);
        Assert.Single(await fixture.PaymentsOfOrderAsync(order.Id));
        Assert.Single(await fixture.OutboxAsync<PaymentRequested>(m => m.OrderId == order.Id));
    }

    [Fact]
    public async Task A_second_payment_for_the_same_order_with_another_key_is_refused()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var order = await fixture.Orders.AddAsync(user);
        using var client = fixture.Shopper(user);

        using var first = await PaymentServiceFixture.PostPaymentAsync(client, order.Id, "key-a");
        using var second = await PaymentServiceFixture.PostPaymentAsync(client, order.Id, "key-b");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await AssertProblemAsync(second, HttpStatusCode.Conflict, "order-not-payable", "already has a payment");
        Assert.Single(await fixture.PaymentsOfOrderAsync(order.Id));
        Assert.Single(await fixture.OutboxAsync<PaymentRequested>(m => m.OrderId == order.Id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("k123456789k123456789k123456789k123456789k123456789k123456789k123456789k123456789k123456789k1234567890")]
    public async Task A_missing_or_too_long_idempotency_key_is_a_400_problem(string? key)
    {
        var user = $"u-{Guid.NewGuid():N}";
        var order = await fixture.Orders.AddAsync(user);
        using var client = fixture.Shopper(user);

        using var response = await PaymentServiceFixture.PostPaymentAsync(client, order.Id, key);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation", "Idempotency-Key");
        Assert.Empty(await fixture.PaymentsOfOrderAsync(order.Id));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("99999999999999999999")]
    public async Task A_malformed_order_id_is_a_400_problem(string id)
    {
        using var client = fixture.Shopper("u-bad-id");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/orders/{id}/payment");
        request.Headers.Add("Idempotency-Key", "k");

        using var response = await client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation", "id");
    }

    [Fact]
    public async Task Someone_elses_order_and_an_order_never_announced_answer_404()
    {
        var owner = $"owner-{Guid.NewGuid():N}";
        var theirs = await fixture.Orders.AddAsync(owner);
        var paid = await fixture.Orders.AddAsync(owner);
        using var ownerClient = fixture.Shopper(owner);
        using var _ = await PaymentServiceFixture.PostPaymentAsync(ownerClient, paid.Id, "owner-key");
        using var thief = fixture.Shopper($"thief-{Guid.NewGuid():N}");

        using var unpaidOfOther = await PaymentServiceFixture.PostPaymentAsync(thief, theirs.Id, "k");
        using var paidOfOther = await PaymentServiceFixture.PostPaymentAsync(thief, paid.Id, "owner-key");
        using var unknown = await PaymentServiceFixture.PostPaymentAsync(thief, SagaOrders.NewOrderId(), "k");

        await AssertProblemAsync(unpaidOfOther, HttpStatusCode.NotFound, "order-not-found", theirs.Id.ToString(CultureInfo.InvariantCulture));
        await AssertProblemAsync(paidOfOther, HttpStatusCode.NotFound, "order-not-found", "");
        await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "order-not-found", "");
        Assert.Empty(await fixture.PaymentsOfOrderAsync(theirs.Id));
        Assert.Equal(owner, Assert.Single(await fixture.PaymentsOfOrderAsync(paid.Id)).UserId);
    }

    [Theory]
    [InlineData(9.90, -1, "deadline")]
    [InlineData(0, 15, "nothing to pay")]
    public async Task An_order_that_is_not_payable_is_a_409_and_nothing_is_handed_to_the_saga(decimal amount, int deadlineInMinutes, string detail)
    {
        var user = $"u-{Guid.NewGuid():N}";
        var order = await fixture.Orders.AddAsync(user, amount, paymentDeadline: DateTimeOffset.UtcNow.AddMinutes(deadlineInMinutes));
        using var client = fixture.Shopper(user);

        using var response = await PaymentServiceFixture.PostPaymentAsync(client, order.Id, "k");

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "order-not-payable", detail);
        Assert.Empty(await fixture.PaymentsOfOrderAsync(order.Id));
        Assert.Empty(await fixture.OutboxAsync<PaymentRequested>(m => m.OrderId == order.Id));
    }

    [Fact]
    public async Task One_announcement_of_a_creation_batch_makes_each_of_its_orders_payable_by_its_owner_only()
    {
        var orders = Enumerable.Range(0, 5)
            .Select(i => new OrderAwaitingPayment(SagaOrders.NewOrderId(), $"u-{Guid.NewGuid():N}", 10m + i, DateTimeOffset.UtcNow.AddMinutes(15)))
            .ToList();
        await fixture.SendAsync(new OrdersAwaitingPayment(orders), Guid.NewGuid());

        foreach (var order in orders)
        {
            using var owner = fixture.Shopper(order.UserId);
            using var paid = await PaymentServiceFixture.PostPaymentAsync(owner, order.OrderId, "k");
            Assert.Equal(HttpStatusCode.Accepted, paid.StatusCode);
            Assert.Equal(order.Amount, Assert.Single(await fixture.PaymentsOfOrderAsync(order.OrderId)).Amount);
        }

        using var other = fixture.Shopper(orders[0].UserId);
        using var notTheirs = await PaymentServiceFixture.PostPaymentAsync(other, orders[1].OrderId, "k2");
        await AssertProblemAsync(notTheirs, HttpStatusCode.NotFound, "order-not-found", "");
    }

    [Fact]
    public async Task A_payment_that_arrives_before_its_orders_announcement_waits_for_it_and_is_accepted()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var order = new AnnouncedOrder(SagaOrders.NewOrderId(), user, 12.30m, DateTimeOffset.UtcNow.AddMinutes(15));
        using var client = fixture.Shopper(user);

        // The shopper saw "awaiting payment" from the order service; the saga's message is still on its way.
        // The announcement is sent only once the request has looked for the order and not found it, so it is the wait that answers.
        var paying = PaymentServiceFixture.PostPaymentAsync(client, order.Id, "early");
        await Eventually.HoldsAsync(() => fixture.Commands.Count("FROM payable_orders", order.Id.ToString(CultureInfo.InvariantCulture)) > 0, "the payment request to look for its order");
        await fixture.Orders.AnnounceAsync(order);
        using var response = await paying;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(12.30m, Assert.Single(await fixture.PaymentsOfOrderAsync(order.Id)).Amount);
    }

    [Fact]
    public async Task Concurrent_first_attempts_with_different_keys_make_exactly_one_payment()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var order = await fixture.Orders.AddAsync(user);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var client = fixture.Shopper(user);
            using var response = await PaymentServiceFixture.PostPaymentAsync(client, order.Id, $"key-{i}");
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict && r.Body.Contains("already has a payment", StringComparison.Ordinal)));
        Assert.Single(await fixture.PaymentsOfOrderAsync(order.Id));
        Assert.Single(await fixture.OutboxAsync<PaymentRequested>(m => m.OrderId == order.Id));
    }

    [Fact]
    public async Task Concurrent_retries_with_the_same_key_all_get_the_one_payment()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var order = await fixture.Orders.AddAsync(user);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var client = fixture.Shopper(user);
            using var response = await PaymentServiceFixture.PostPaymentAsync(client, order.Id, "one-key");
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Single(responses.Select(r => r.Body).Distinct());
        Assert.Single(await fixture.PaymentsOfOrderAsync(order.Id));
        Assert.Single(await fixture.OutboxAsync<PaymentRequested>(m => m.OrderId == order.Id));
    }

    [Fact]
    public async Task Without_a_valid_token_the_service_answers_401()
    {
        var order = await fixture.Orders.AddAsync("u-1");
        using var anonymous = fixture.Factory.CreateClient();
        using var forged = fixture.Factory.CreateClientFor(TestTokens.Create("u-1", "shopper", signingKey: TestTokens.AttackerKey));

        using var a = await PaymentServiceFixture.PostPaymentAsync(anonymous, order.Id, "k");
        using var b = await PaymentServiceFixture.PostPaymentAsync(forged, order.Id, "k");

        Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, b.StatusCode);
        Assert.Empty(await fixture.PaymentsOfOrderAsync(order.Id));
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains($"/problems/{type}\"", body, StringComparison.Ordinal);
        Assert.Contains(detail, body, StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using FlashSale.Payment.Payments;

namespace FlashSale.Payment.Tests.Payments;

public sealed class PaymentStatusTests(PaymentServiceFixture fixture) : IClassFixture<PaymentServiceFixture>
{
    [Fact]
    public async Task The_owner_sees_the_payment_in_the_contract_shape()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var (order, paymentId) = await fixture.PayAsync(user, 9.90m);
        using var client = fixture.Shopper(user);

        var json = await client.GetStringAsync($"/api/payments/{paymentId}");
        var payment = await client.GetFromJsonAsync<PaymentResponse>($"/api/payments/{paymentId}");

        Assert.Contains($"\"paymentId\":\"{paymentId}\"", json, StringComparison.Ordinal);
        Assert.Contains($"\"orderId\":\"{order.Id}\"", json, StringComparison.Ordinal);
        Assert.Contains("\"amount\":9.90", json, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"processing\"", json, StringComparison.Ordinal);
        Assert.Contains("\"reason\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"settledAt\":null", json, StringComparison.Ordinal);
        Assert.True(payment!.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task The_payment_of_an_order_can_be_found_by_the_order_id()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var (order, paymentId) = await fixture.PayAsync(user);
        using var owner = fixture.Shopper(user);
        using var stranger = fixture.Shopper($"stranger-{Guid.NewGuid():N}");

        var payment = await owner.GetFromJsonAsync<PaymentResponse>($"/api/orders/{order.Id}/payment");
        using var theirs = await stranger.GetAsync($"/api/orders/{order.Id}/payment");
        using var none = await owner.GetAsync($"/api/orders/{SagaOrders.NewOrderId()}/payment");

        Assert.Equal(paymentId.ToString(CultureInfo.InvariantCulture), payment!.PaymentId);
        await RequestPaymentTests.AssertProblemAsync(theirs, HttpStatusCode.NotFound, "payment-not-found", "");
        await RequestPaymentTests.AssertProblemAsync(none, HttpStatusCode.NotFound, "payment-not-found", "");
    }

    [Fact]
    public async Task Someone_elses_payment_answers_404_like_a_missing_one()
    {
        var (_, paymentId) = await fixture.PayAsync($"owner-{Guid.NewGuid():N}");
        using var stranger = fixture.Shopper($"stranger-{Guid.NewGuid():N}");

        using var theirs = await stranger.GetAsync($"/api/payments/{paymentId}");
        using var missing = await stranger.GetAsync($"/api/payments/{paymentId + 1}");

        await RequestPaymentTests.AssertProblemAsync(theirs, HttpStatusCode.NotFound, "payment-not-found", paymentId.ToString(CultureInfo.InvariantCulture));
        await RequestPaymentTests.AssertProblemAsync(missing, HttpStatusCode.NotFound, "payment-not-found", "");
    }

    [Theory]
    [InlineData("/api/payments/abc")]
    [InlineData("/api/payments/-1")]
    [InlineData("/api/orders/x1/payment")]
    public async Task A_malformed_id_is_a_400_problem(string url)
    {
        using var client = fixture.Shopper("u-bad-id");

        using var response = await client.GetAsync(url);

        await RequestPaymentTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation", "id");
    }

    [Fact]
    public async Task Without_a_token_the_status_query_answers_401()
    {
        var (_, paymentId) = await fixture.PayAsync($"u-{Guid.NewGuid():N}");
        using var anonymous = fixture.Factory.CreateClient();

        using var response = await anonymous.GetAsync($"/api/payments/{paymentId}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

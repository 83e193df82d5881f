using System.Diagnostics;
using System.Net;

namespace FlashSale.Payment.Tests.Payments;

public sealed class OrderServiceDownTests(DeadOrderServiceFixture fixture) : IClassFixture<DeadOrderServiceFixture>
{
    [Fact]
    public async Task An_unreachable_order_service_is_a_quick_503_with_retry_after_and_no_payment()
    {
        var user = $"u-{Guid.NewGuid():N}";
        var orderId = FakeOrderService.NewOrderId();
        using var client = fixture.Shopper(user);
        var watch = Stopwatch.StartNew();

        using var response = await PaymentServiceFixture.PostPaymentAsync(client, orderId, "k");

        await RequestPaymentTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "unavailable", "not answering");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"the shopper waited {watch.Elapsed} for the 503");
        Assert.Empty(await fixture.PaymentsOfOrderAsync(orderId));
    }
}

using System.Net.Http.Json;
using FlashSale.Contracts.Payments;
using FlashSale.Payment.Payments;

namespace FlashSale.Payment.Tests.SagaMessages;

public sealed class PaymentSettledTests(PaymentServiceFixture fixture) : IClassFixture<PaymentServiceFixture>
{
    [Theory]
    [InlineData(PaymentOutcomes.Succeeded, null, "succeeded", null)]
    [InlineData(PaymentOutcomes.Failed, "insufficient-funds", "failed", "insufficient-funds")]
    [InlineData(PaymentOutcomes.Refused, "order-cancelled", "refused", "order-cancelled")]
    [InlineData(PaymentOutcomes.Failed, null, "failed", "failed")]
    public async Task The_sagas_outcome_becomes_the_payments_final_status(string outcome, string? reason, string status, string? shownReason)
    {
        var user = $"u-{Guid.NewGuid():N}";
        var (order, paymentId) = await fixture.PayAsync(user);

        await SettleAsync(new PaymentSettled(paymentId, order.Id, outcome, reason), Guid.NewGuid());

        using var client = fixture.Shopper(user);
        var payment = await client.GetFromJsonAsync<PaymentResponse>($"/api/payments/{paymentId}");
        Assert.Equal((status, shownReason), (payment!.Status, payment.Reason));
        Assert.NotNull(payment.SettledAt);
    }

    [Fact]
    public async Task A_settlement_is_final_whatever_arrives_after_it()
    {
        var (order, paymentId) = await fixture.PayAsync($"u-{Guid.NewGuid():N}");
        var settled = new PaymentSettled(paymentId, order.Id, PaymentOutcomes.Succeeded, null);
        var messageId = Guid.NewGuid();

        await SettleAsync(settled, messageId);
        var first = await fixture.PaymentAsync(paymentId);
        await fixture.SendAsync(settled, messageId);
        await fixture.Consumed.WaitUntilHandledAsync(messageId, times: 2);
        await SettleAsync(settled, Guid.NewGuid());
        await SettleAsync(settled with { Outcome = PaymentOutcomes.Failed, Reason = "late-contradiction" }, Guid.NewGuid());

        var last = await fixture.PaymentAsync(paymentId);
        Assert.Equal(PaymentStatus.Succeeded, last!.Status);
        Assert.Null(last.FailureReason);
        Assert.Equal(first!.SettledAt, last.SettledAt);
    }

    [Fact]
    public async Task Concurrent_settlements_of_one_payment_settle_it_once()
    {
        var (order, paymentId) = await fixture.PayAsync($"u-{Guid.NewGuid():N}");
        var messageIds = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(messageIds.Select(id =>
            fixture.SendAsync(new PaymentSettled(paymentId, order.Id, PaymentOutcomes.Refused, "order-cancelled"), id)));
        await Task.WhenAll(messageIds.Select(id => fixture.Consumed.WaitUntilHandledAsync(id)));

        var payment = await fixture.PaymentAsync(paymentId);
        Assert.Equal((PaymentStatus.Refused, "order-cancelled"), (payment!.Status, payment.FailureReason));
        Assert.All(messageIds, id => Assert.Equal(0, fixture.Consumed.Faulted(id)));
    }

    [Fact]
    public async Task An_outcome_outside_the_contract_changes_nothing()
    {
        var (order, paymentId) = await fixture.PayAsync($"u-{Guid.NewGuid():N}");
        var messageId = Guid.NewGuid();

        await fixture.SendAsync(new PaymentSettled(paymentId, order.Id, "maybe", null), messageId);
        await fixture.Consumed.WaitUntilFaultedAsync(messageId);

        var payment = await fixture.PaymentAsync(paymentId);
        Assert.Equal(PaymentStatus.Processing, payment!.Status);
        Assert.Null(payment.SettledAt);
    }

    private async Task SettleAsync(PaymentSettled settled, Guid messageId)
    {
        await fixture.SendAsync(settled, messageId);
        await fixture.Consumed.WaitUntilHandledAsync(messageId);
    }
}

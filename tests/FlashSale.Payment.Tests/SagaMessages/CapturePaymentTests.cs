using FlashSale.Contracts.Payments;
using FlashSale.Payment.Payments;
using FlashSale.Payment.Provider;

namespace FlashSale.Payment.Tests.SagaMessages;

public sealed class CapturePaymentTests(PaymentServiceFixture fixture) : IClassFixture<PaymentServiceFixture>
{
    [Fact]
    public async Task A_capture_the_provider_accepts_is_recorded_and_answered_with_PaymentCaptured()
    {
        var (order, paymentId) = await fixture.PayAsync($"u-{Guid.NewGuid():N}", 19.80m);
        var payment = await fixture.PaymentAsync(paymentId);

        await CaptureAsync(Command(payment!), Guid.NewGuid());

        var recorded = await fixture.PaymentAsync(paymentId);
        Assert.Equal(CaptureOutcome.Captured, recorded!.CaptureOutcome);
        Assert.NotNull(recorded.CaptureDecidedAt);
        Assert.Equal(PaymentStatus.Processing, recorded.Status); // final only once the saga settles it
        Assert.Equal(new PaymentCaptured(paymentId, order.Id), Assert.Single(await Captured(paymentId)));
        Assert.Empty(await Failed(paymentId));
        Assert.Equal(1, fixture.Provider.CallsFor(paymentId));
    }

    [Theory]
    [InlineData(PaymentServiceFixture.DeclinedUserPrefix + "u", 9.90, DeclineReasons.CardDeclined)]
    [InlineData("u-limit", 500.01, DeclineReasons.AmountOverLimit)]
    public async Task A_capture_the_simulated_provider_declines_is_answered_with_PaymentCaptureFailed(string userPrefix, decimal amount, string reason)
    {
        var (order, paymentId) = await fixture.PayAsync($"{userPrefix}-{Guid.NewGuid():N}", amount);
        var payment = await fixture.PaymentAsync(paymentId);

        await CaptureAsync(Command(payment!), Guid.NewGuid());

        Assert.Equal(new PaymentCaptureFailed(paymentId, order.Id, reason), Assert.Single(await Failed(paymentId)));
        Assert.Empty(await Captured(paymentId));
        var recorded = await fixture.PaymentAsync(paymentId);
        Assert.Equal((CaptureOutcome.Declined, reason), (recorded!.CaptureOutcome!.Value, recorded.CaptureDeclineReason));
    }

    [Fact]
    public async Task The_same_command_delivered_twice_has_one_effect()
    {
        var (_, paymentId) = await fixture.PayAsync($"u-{Guid.NewGuid():N}");
        var command = Command((await fixture.PaymentAsync(paymentId))!);
        var messageId = Guid.NewGuid();

        await fixture.SendAsync(command, messageId);
        await fixture.SendAsync(command, messageId);
        await fixture.Consumed.WaitUntilHandledAsync(messageId, times: 2);

        Assert.Single(await Captured(paymentId));
        Assert.Equal(1, fixture.Provider.CallsFor(paymentId));
    }

    [Fact]
    public async Task A_repeated_command_gets_the_recorded_answer_again_without_asking_the_provider()
    {
        var (order, paymentId) = await fixture.PayAsync($"{PaymentServiceFixture.DeclinedUserPrefix}{Guid.NewGuid():N}");
        var command = Command((await fixture.PaymentAsync(paymentId))!);

        await CaptureAsync(command, Guid.NewGuid());
        await CaptureAsync(command, Guid.NewGuid());

        var replies = await Failed(paymentId);
        Assert.Equal(2, replies.Count);
        Assert.All(replies, r => Assert.Equal(new PaymentCaptureFailed(paymentId, order.Id, DeclineReasons.CardDeclined), r));
        Assert.Equal(1, fixture.Provider.CallsFor(paymentId));
    }

    [Fact]
    public async Task Concurrent_repeated_commands_ask_the_provider_once_and_all_get_the_same_answer()
    {
        var (_, paymentId) = await fixture.PayAsync($"u-{Guid.NewGuid():N}");
        var command = Command((await fixture.PaymentAsync(paymentId))!);
        var messageIds = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(messageIds.Select(id => fixture.SendAsync(command, id)));
        await Task.WhenAll(messageIds.Select(id => fixture.Consumed.WaitUntilHandledAsync(id)));

        Assert.Equal(5, (await Captured(paymentId)).Count);
        Assert.Equal(1, fixture.Provider.CallsFor(paymentId));
    }

    [Fact]
    public async Task Captures_of_different_payments_waiting_together_ask_the_provider_concurrently_once_each()
    {
        var payments = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => fixture.PayAsync($"u-{Guid.NewGuid():N}")));
        var commands = await Task.WhenAll(payments.Select(async p => Command((await fixture.PaymentAsync(p.PaymentId))!)));
        var messageIds = commands.Select(_ => Guid.NewGuid()).ToList();
        fixture.Provider.Latency = TimeSpan.FromMilliseconds(100); // the first batch's call keeps the others waiting together
        try
        {
            await Task.WhenAll(commands.Select((c, i) => fixture.SendAsync(c, messageIds[i])));
            await Task.WhenAll(messageIds.Select(id => fixture.Consumed.WaitUntilHandledAsync(id)));
        }
        finally
        {
            fixture.Provider.Latency = TimeSpan.Zero;
        }

        Assert.All(commands, c => Assert.Equal(1, fixture.Provider.CallsFor(c.PaymentId)));
        Assert.All(payments, p => Assert.Single(Captured(p.PaymentId).GetAwaiter().GetResult()));
        Assert.True(fixture.Provider.MostInFlight > 1, "the provider was only ever called one payment at a time");
    }

    [Fact]
    public async Task A_command_that_does_not_match_the_payment_is_declined_without_asking_the_provider()
    {
        var (order, paymentId) = await fixture.PayAsync($"u-{Guid.NewGuid():N}", 9.90m);
        var command = Command((await fixture.PaymentAsync(paymentId))!) with { Amount = 0.99m };

        await CaptureAsync(command, Guid.NewGuid());

        Assert.Equal(new PaymentCaptureFailed(paymentId, order.Id, DeclineReasons.PaymentMismatch), Assert.Single(await Failed(paymentId)));
        Assert.Equal(0, fixture.Provider.CallsFor(paymentId));
    }

    [Fact]
    public async Task A_command_for_an_unknown_payment_is_declined_without_asking_the_provider()
    {
        var paymentId = SagaOrders.NewOrderId();
        var command = new CapturePayment(paymentId, SagaOrders.NewOrderId(), "u-ghost", 9.90m);

        await CaptureAsync(command, Guid.NewGuid());

        Assert.Equal(DeclineReasons.UnknownPayment, Assert.Single(await Failed(paymentId)).Reason);
        Assert.Equal(0, fixture.Provider.CallsFor(paymentId));
    }

    private async Task CaptureAsync(CapturePayment command, Guid messageId)
    {
        await fixture.SendAsync(command, messageId);
        await fixture.Consumed.WaitUntilHandledAsync(messageId);
    }

    private static CapturePayment Command(OrderPayment payment) => new(payment.Id, payment.OrderId, payment.UserId, payment.Amount);

    private async Task<List<PaymentCaptured>> Captured(long paymentId) =>
        (await fixture.OutboxAsync<PaymentCaptured>(m => m.PaymentId == paymentId)).Select(x => x.Message).ToList();

    private async Task<List<PaymentCaptureFailed>> Failed(long paymentId) =>
        (await fixture.OutboxAsync<PaymentCaptureFailed>(m => m.PaymentId == paymentId)).Select(x => x.Message).ToList();
}

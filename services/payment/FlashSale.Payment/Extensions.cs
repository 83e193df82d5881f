using FlashSale.Payment.Data;
using FlashSale.Payment.Metrics;
using FlashSale.Payment.Orders;
using FlashSale.Payment.Provider;
using FlashSale.Payment.SagaMessages;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Data;
using FlashSale.ServiceDefaults.Inbox;
using FlashSale.ServiceDefaults.Messaging;
using FlashSale.ServiceDefaults.Outbox;

namespace FlashSale.Payment;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddJwtAuthentication();
        builder.AddServiceDatabase<PaymentDbContext>("flashsale_payment");
        builder.AddOutboxRelay<PaymentDbContext>();
        builder.AddInboxCleanup<PaymentDbContext>();
        builder.AddServiceMessaging(bus =>
        {
            bus.AddConsumer<CapturePaymentConsumer>(typeof(CapturePaymentConsumerDefinition));
            bus.AddConsumer<PaymentSettledConsumer>(typeof(PaymentSettledConsumerDefinition));
        });
        builder.Services.AddInboxBatching<PaymentDbContext, PaymentMessage, PaymentMessageBatch>(m => m.PaymentId);

        var order = builder.Configuration["Services:order"]
            ?? throw new InvalidOperationException("Services:order (the order service's base address) is not configured.");
        // The shopper waits on this call: a few quick retries within seconds, then 503 + Retry-After,
        // instead of the default pipeline's half a minute. Replacing the defaults' handler is the documented
        // way, still marked experimental.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<OrderLookup>(c => c.BaseAddress = new Uri(order))
            .RemoveAllResilienceHandlers()
#pragma warning restore EXTEXP0001
            .AddStandardResilienceHandler(o =>
            {
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(2);
                o.Retry.MaxRetryAttempts = 2;
                o.Retry.Delay = TimeSpan.FromMilliseconds(100);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(6);
            });

        builder.Services.AddOptions<PaymentProviderOptions>().BindConfiguration(PaymentProviderOptions.Section)
            .Validate(o => o.LatencyMilliseconds is >= 0 and <= 60_000, "Payment:Provider:LatencyMilliseconds must be between 0 and 60000.")
            .Validate(o => o.FailureRate is >= 0 and <= 1, "Payment:Provider:FailureRate must be between 0 and 1.")
            .Validate(o => o.DeclineAmountsAbove is null or >= 0, "Payment:Provider:DeclineAmountsAbove must not be negative.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SimulatedPaymentProvider>();
        builder.Services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<SimulatedPaymentProvider>());
        builder.Services.AddSingleton<PaymentMetrics>();
        return builder;
    }
}

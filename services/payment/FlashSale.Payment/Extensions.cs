using FlashSale.Contracts;
using FlashSale.Messaging;
using FlashSale.Messaging.Inbox;
using FlashSale.Messaging.Monitoring;
using FlashSale.Payment.Data;
using FlashSale.Payment.Metrics;
using FlashSale.Payment.Orders;
using FlashSale.Payment.Payments;
using FlashSale.Payment.Provider;
using FlashSale.Payment.SagaMessages;
using FlashSale.ServiceDefaults.Caching;
using FlashSale.ServiceDefaults.Ids;

namespace FlashSale.Payment;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Redis only leases this host its snowflake worker id (ids of payments / ledger entries), so it is no readiness condition.
        builder.AddServiceRedis(readiness: false);
        builder.AddSnowflakeIds();
        builder.AddServiceStore<PaymentDbContext>("flashsale_payment", bus =>
        {
            bus.AddConsumer<OrdersAwaitingPaymentConsumer>(typeof(OrdersAwaitingPaymentConsumerDefinition));
            bus.AddConsumer<CapturePaymentConsumer>(typeof(CapturePaymentConsumerDefinition));
            bus.AddConsumer<PaymentSettledConsumer>(typeof(PaymentSettledConsumerDefinition));
            bus.AddConsumer<PaymentBundleConsumer>(typeof(PaymentBundleConsumerDefinition));
        });
        builder.Services.AddInboxBatching<PaymentDbContext, PaymentMessage, PaymentMessageBatch>(m => m.Key);

        builder.Services.AddOptions<PayableOrderOptions>().BindConfiguration(PayableOrderOptions.Section)
            .Validate(o => o.ArrivalWait >= TimeSpan.Zero && o.ArrivalWait <= TimeSpan.FromSeconds(30), "Payments:Orders:ArrivalWait must be between 0 and 30 seconds.")
            .Validate(o => o.Recheck > TimeSpan.Zero, "Payments:Orders:Recheck must be positive.")
            .Validate(o => o.Retention > TimeSpan.Zero, "Payments:Orders:Retention must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<PayableOrders>();
        builder.Services.AddOptions<PaymentRequestOptions>().BindConfiguration(PaymentRequestOptions.Section)
            .Validate(o => o.MaxBatchSize is >= 1 and <= 1000, "Payments:Requests:MaxBatchSize must be between 1 and 1000.")
            .Validate(o => o.Workers is >= 1 and <= 64, "Payments:Requests:Workers must be between 1 and 64.")
            .ValidateOnStart();
        builder.Services.AddSingleton<PaymentRequests>();
        builder.Services.AddHostedService<PayableOrderCleanup>();

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

    /// <summary>The service's own endpoints (the shared middleware and health/OpenAPI endpoints are mapped before them).</summary>
    public static WebApplication MapApplicationEndpoints(this WebApplication app)
    {
        app.MapPaymentApi();
        app.MapMessagingMonitor<PaymentDbContext>("payment", ServiceQueues.PaymentProvider);
        return app;
    }
}

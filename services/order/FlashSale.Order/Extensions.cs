using FlashSale.Contracts;
using FlashSale.Contracts.Purchases;
using FlashSale.Messaging;
using FlashSale.Messaging.Inbox;
using FlashSale.Messaging.Monitoring;
using FlashSale.Order.Data;
using FlashSale.Order.Deadlines;
using FlashSale.Order.Orders;
using FlashSale.Order.Purchases;
using FlashSale.Order.Saga;
using FlashSale.ServiceDefaults.Http;

namespace FlashSale.Order;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceStore<OrderDbContext>("flashsale_order", bus =>
        {
            bus.AddConsumer<PurchaseReservedConsumer>(typeof(PurchaseReservedConsumerDefinition));
            bus.AddConsumer<OrderSagaConsumer>(typeof(OrderSagaConsumerDefinition));
            bus.AddConsumer<PurchaseReservedBundleConsumer>(typeof(PurchaseReservedBundleConsumerDefinition));
            bus.AddConsumer<OrderSagaBundleConsumer>(typeof(OrderSagaBundleConsumerDefinition));
        });

        builder.Services.AddOptions<OrderSagaOptions>().BindConfiguration(OrderSagaOptions.Section)
            .Validate(o => o.FollowUpDelay >= TimeSpan.Zero, "Orders:FollowUpDelay must not be negative.").ValidateOnStart();
        builder.Services.AddSingleton<OrderMetrics>();
        builder.Services.AddSingleton<OrderChanges>();
        builder.Services.AddOptions<OrderWaitOptions>().BindConfiguration(OrderWaitOptions.Section);
        builder.Services.AddInboxBatching<OrderDbContext, SagaEvent, OrderSagaStep>(e => e.OrderId);
        builder.Services.AddInboxBatching<OrderDbContext, PurchaseReserved, OrderCreation>(r => r.OrderId);
        builder.Services.AddSingleton<PaymentDeadlineSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PaymentDeadlineSweeper>());

        builder.Services.AddHttpClient<InventoryReservations>()
            .AddServiceReplicas(builder.Configuration["Services:inventory"], "Services:inventory");
        return builder;
    }

    /// <summary>The service's own endpoints (the shared middleware and health/OpenAPI endpoints are mapped before them).</summary>
    public static WebApplication MapApplicationEndpoints(this WebApplication app)
    {
        app.MapOrderApi();
        app.MapMessagingMonitor<OrderDbContext>("order", ServiceQueues.OrderSaga, PurchaseQueues.OrderPurchaseReserved);
        return app;
    }
}

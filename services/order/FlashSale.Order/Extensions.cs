using FlashSale.Order.Data;
using FlashSale.Order.Deadlines;
using FlashSale.Order.Orders;
using FlashSale.Order.Purchases;
using FlashSale.Order.Saga;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Data;
using FlashSale.ServiceDefaults.Inbox;
using FlashSale.ServiceDefaults.Messaging;
using FlashSale.ServiceDefaults.Outbox;

namespace FlashSale.Order;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddJwtAuthentication();
        builder.AddServiceDatabase<OrderDbContext>("flashsale_order");
        builder.AddServiceMessaging(bus =>
        {
            bus.AddConsumer<PurchaseReservedConsumer>(typeof(PurchaseReservedConsumerDefinition));
            bus.AddConsumer<OrderSagaConsumer>(typeof(OrderSagaConsumerDefinition));
        });
        builder.AddOutboxRelay<OrderDbContext>();
        builder.AddInboxCleanup<OrderDbContext>();

        builder.Services.AddOptions<OrderSagaOptions>().BindConfiguration(OrderSagaOptions.Section);
        builder.Services.AddSingleton<OrderMetrics>();
        builder.Services.AddScoped<OrderSagaStep>();
        builder.Services.AddSingleton<PaymentDeadlineSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PaymentDeadlineSweeper>());

        var inventory = builder.Configuration["Services:inventory"]
            ?? throw new InvalidOperationException("Services:inventory (the inventory service's base address) is not configured.");
        builder.Services.AddHttpClient<InventoryReservations>(c => c.BaseAddress = new Uri(inventory));
        return builder;
    }
}

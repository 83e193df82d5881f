using FlashSale.Order.Data;
using FlashSale.Order.Orders;
using FlashSale.Order.Purchases;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Data;
using FlashSale.ServiceDefaults.Messaging;

namespace FlashSale.Order;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddJwtAuthentication();
        builder.AddServiceDatabase<OrderDbContext>("flashsale_order");
        builder.AddServiceMessaging(bus => bus.AddConsumer<PurchaseReservedConsumer>(typeof(PurchaseReservedConsumerDefinition)));
        var inventory = builder.Configuration["Services:inventory"]
            ?? throw new InvalidOperationException("Services:inventory (the inventory service's base address) is not configured.");
        builder.Services.AddHttpClient<InventoryReservations>(c => c.BaseAddress = new Uri(inventory));
        return builder;
    }
}

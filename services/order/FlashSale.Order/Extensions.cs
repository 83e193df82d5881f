using FlashSale.Order.Data;
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
        builder.AddServiceMessaging();
        return builder;
    }
}

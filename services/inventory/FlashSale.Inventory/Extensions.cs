using FlashSale.Inventory.Data;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Caching;
using FlashSale.ServiceDefaults.Data;
using FlashSale.ServiceDefaults.Messaging;

namespace FlashSale.Inventory;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddJwtAuthentication();
        builder.AddServiceDatabase<InventoryDbContext>("flashsale_inventory");
        builder.AddServiceRedis();
        builder.AddServiceMessaging();
        return builder;
    }
}

using FlashSale.Payment.Data;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Data;
using FlashSale.ServiceDefaults.Messaging;

namespace FlashSale.Payment;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddJwtAuthentication();
        builder.AddServiceDatabase<PaymentDbContext>("flashsale_payment");
        builder.AddServiceMessaging();
        return builder;
    }
}

using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Data;
using FlashSale.ServiceDefaults.Messaging;
using FlashSale.Wallet.Data;
using FlashSale.Wallet.Wallets;

namespace FlashSale.Wallet;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddJwtAuthentication();
        builder.AddServiceDatabase<WalletDbContext>("flashsale_wallet");
        builder.AddServiceMessaging();
        builder.Services.AddOptions<WalletOptions>().BindConfiguration(WalletOptions.Section)
            .Validate(o => o.OpeningBalance >= 0, "Wallet:OpeningBalance must not be negative.")
            .ValidateOnStart();
        builder.Services.AddScoped<WalletStore>();
        return builder;
    }
}

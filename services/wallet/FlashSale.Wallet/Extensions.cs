using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Data;
using FlashSale.ServiceDefaults.Inbox;
using FlashSale.ServiceDefaults.Messaging;
using FlashSale.ServiceDefaults.Outbox;
using FlashSale.Wallet.Data;
using FlashSale.Wallet.Funds;
using FlashSale.Wallet.Wallets;

namespace FlashSale.Wallet;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddJwtAuthentication();
        builder.AddServiceDatabase<WalletDbContext>("flashsale_wallet");
        builder.AddOutboxRelay<WalletDbContext>();
        builder.AddInboxCleanup<WalletDbContext>();
        // The three TCC commands share the wallet's one queue (ServiceQueues.WalletFunds).
        builder.AddServiceMessaging(bus =>
        {
            bus.AddConsumer<FreezeFundsConsumer>(typeof(FreezeFundsConsumerDefinition));
            bus.AddConsumer<ChargeFrozenFundsConsumer>(typeof(ChargeFrozenFundsConsumerDefinition));
            bus.AddConsumer<UnfreezeFundsConsumer>(typeof(UnfreezeFundsConsumerDefinition));
        });
        builder.Services.AddOptions<WalletOptions>().BindConfiguration(WalletOptions.Section)
            .Validate(o => o.OpeningBalance >= 0, "Wallet:OpeningBalance must not be negative.")
            .ValidateOnStart();
        builder.Services.AddScoped<WalletStore>();
        builder.Services.AddScoped<FundsLedger>();
        builder.Services.AddInboxBatching<WalletDbContext, FundsCommand, FundsCommandBatch>(c => c.UserId.GetHashCode(StringComparison.Ordinal));
        builder.Services.AddSingleton<FundsMetrics>();
        return builder;
    }
}

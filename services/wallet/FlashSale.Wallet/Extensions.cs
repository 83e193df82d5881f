using FlashSale.Contracts;
using FlashSale.Messaging;
using FlashSale.Messaging.Inbox;
using FlashSale.Messaging.Monitoring;
using FlashSale.ServiceDefaults.Caching;
using FlashSale.ServiceDefaults.Ids;
using FlashSale.Wallet.Data;
using FlashSale.Wallet.Funds;
using FlashSale.Wallet.SagaOrders;
using FlashSale.Wallet.Wallets;

namespace FlashSale.Wallet;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Redis only leases this host its snowflake worker id (ids of payments / ledger entries), so it is no readiness condition.
        builder.AddServiceRedis(readiness: false);
        builder.AddSnowflakeIds();
        // The three TCC commands share the wallet's one queue (ServiceQueues.WalletFunds).
        builder.AddServiceStore<WalletDbContext>("flashsale_wallet", bus =>
        {
            bus.AddConsumer<FreezeFundsConsumer>(typeof(FreezeFundsConsumerDefinition));
            bus.AddConsumer<ChargeFrozenFundsConsumer>(typeof(ChargeFrozenFundsConsumerDefinition));
            bus.AddConsumer<UnfreezeFundsConsumer>(typeof(UnfreezeFundsConsumerDefinition));
            // The saga's announcements of the orders it created: what a freeze is checked against.
            bus.AddConsumer<OrdersAwaitingPaymentConsumer>(typeof(OrdersAwaitingPaymentConsumerDefinition));
            bus.AddConsumer<FundsBundleConsumer>(typeof(FundsBundleConsumerDefinition));
        });
        builder.Services.AddHostedService<SagaOrderCleanup>();
        builder.Services.AddOptions<WalletOptions>().BindConfiguration(WalletOptions.Section)
            .Validate(o => o.OpeningBalance >= 0, "Wallet:OpeningBalance must not be negative.")
            .ValidateOnStart();
        builder.Services.AddScoped<WalletStore>();
        builder.Services.AddScoped<FundsLedger>();
        builder.Services.AddInboxBatching<WalletDbContext, FundsCommand, FundsCommandBatch>(c => c.UserId.GetHashCode(StringComparison.Ordinal));
        builder.Services.AddSingleton<FundsMetrics>();
        return builder;
    }

    /// <summary>The service's own endpoints (the shared middleware and health/OpenAPI endpoints are mapped before them).</summary>
    public static WebApplication MapApplicationEndpoints(this WebApplication app)
    {
        app.MapWalletApi();
        app.MapFundsAdminApi();
        app.MapMessagingMonitor<WalletDbContext>("wallet", ServiceQueues.WalletFunds);
        return app;
    }
}

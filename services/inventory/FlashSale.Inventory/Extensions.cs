using FlashSale.Contracts;
using FlashSale.Inventory.BloomFilter;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.HumanCheck;
using FlashSale.Inventory.Locking;
using FlashSale.Inventory.Metrics;
using FlashSale.Inventory.Purchases;
using FlashSale.Inventory.PurchaseTokens;
using FlashSale.Inventory.Reconciliation;
using FlashSale.Inventory.Reservations;
using FlashSale.Inventory.Sales;
using FlashSale.Inventory.ServerTime;
using FlashSale.Inventory.StockLedger;
using FlashSale.Inventory.StockStrategies;
using FlashSale.Inventory.WarmUp;
using FlashSale.Messaging;
using FlashSale.Messaging.Inbox;
using FlashSale.Messaging.Monitoring;
using FlashSale.ServiceDefaults.Caching;
using FlashSale.ServiceDefaults.Ids;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Inventory;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceRedis();
        builder.AddSnowflakeIds();
        builder.AddRedlock();
        builder.AddServiceStore<InventoryDbContext>("flashsale_inventory", bus =>
        {
            bus.AddConsumer<SaleStockReplenishedConsumer>()
                // One temporary queue per instance: the event reaches every replica, not one of them.
                .Endpoint(e =>
                {
                    e.Temporary = true;
                    e.InstanceId = $"-{Environment.MachineName}-{Guid.NewGuid():N}";
                });
            // The order saga's stock commands, on the service's durable queue (ServiceQueues.InventoryStock).
            bus.AddConsumer<CommitStockConsumer>(typeof(CommitStockConsumerDefinition));
            bus.AddConsumer<ReleaseStockConsumer>(typeof(ReleaseStockConsumerDefinition));
            bus.AddConsumer<MarkStockSoldConsumer>(typeof(MarkStockSoldConsumerDefinition));
            bus.AddConsumer<StockCommandBundleConsumer>(typeof(StockCommandBundleConsumerDefinition));
        });

        var services = builder.Services;
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section);
        services.AddOptions<WarmUpOptions>().BindConfiguration(WarmUpOptions.Section)
            .Validate(o => o.Interval < o.Window, "WarmUp:Interval must be shorter than WarmUp:Window.").ValidateOnStart();
        services.AddOptions<BloomFilterOptions>().BindConfiguration(BloomFilterOptions.Section);
        services.AddOptions<PurchaseTokenOptions>().BindConfiguration(PurchaseTokenOptions.Section);
        services.AddOptions<HumanCheckOptions>().BindConfiguration(HumanCheckOptions.Section);

        services.AddMemoryCache();
        services.AddInboxBatching<InventoryDbContext, StockCommand, StockCommandBatch>(c => c.SaleId);
        services.AddSingleton<InventoryMetrics>();
        services.AddSingleton<PurchaseMetrics>();
        services.AddSingleton<SaleKeys>();
        services.AddSingleton<HotKeyCache>();
        services.AddSingleton(sp => new RedisBloomFilter(
            sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<SaleKeys>(),
            sp.GetRequiredService<IOptions<BloomFilterOptions>>().Value.Parameters()));
        services.AddSingleton<BloomFilterMaintenance>();
        services.AddHostedService(sp => sp.GetRequiredService<BloomFilterMaintenance>());
        services.AddSingleton<SaleWarmer>();
        services.AddSingleton<WarmUpJob>();
        services.AddHostedService(sp => sp.GetRequiredService<WarmUpJob>());
        services.AddSingleton<PurchaseTokenService>();
        services.AddSingleton<PurchaseAddress>();
        services.AddSingleton<ProofOfWorkChallenges>();
        services.AddSingleton<SpentSolutions>();
        services.AddScoped<SaleCatalog>();

        services.AddStockStrategy();
        services.AddSingleton<SoldOutFlags>();
        services.AddScoped<OrderStockLedger>();
        services.AddScoped<SaleStockBatch>();

        services.AddOptions<ReconciliationOptions>().BindConfiguration(ReconciliationOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero, "Reconciliation:Interval must be positive.")
            .Validate(o => o.ReportsKept >= 1, "Reconciliation:ReportsKept must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<SaleStockReader>();
        services.AddSingleton<StockReconciler>();
        services.AddSingleton<ReconciliationRunner>();
        services.AddHostedService<ReconciliationJob>();
        return builder;
    }

    /// <summary>The service's own endpoints (the shared middleware and health/OpenAPI endpoints are mapped before them).</summary>
    public static WebApplication MapApplicationEndpoints(this WebApplication app)
    {
        app.MapServerTimeApi();
        app.MapSaleCatalogApi();
        app.MapSaleAdminApi();
        app.MapChallengeApi();
        app.MapPurchaseTokenApi();
        app.MapPurchaseApi();
        app.MapMessagingMonitor<InventoryDbContext>("inventory", ServiceQueues.InventoryStock);
        app.MapReservationLookupApi();
        app.MapReconciliationApi();
        return app;
    }
}

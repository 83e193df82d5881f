using FlashSale.Inventory.BloomFilter;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.Metrics;
using FlashSale.Inventory.Purchases;
using FlashSale.Inventory.PurchaseTokens;
using FlashSale.Inventory.Reservations;
using FlashSale.Inventory.Sales;
using FlashSale.Inventory.WarmUp;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Caching;
using FlashSale.ServiceDefaults.Data;
using FlashSale.ServiceDefaults.Messaging;
using FlashSale.ServiceDefaults.Outbox;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlashSale.Inventory;

internal static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddJwtAuthentication();
        builder.AddServiceDatabase<InventoryDbContext>("flashsale_inventory");
        builder.AddOutboxRelay<InventoryDbContext>();
        builder.AddServiceRedis();
        builder.AddRedlock();
        builder.AddServiceMessaging(bus => bus.AddConsumer<SaleStockReplenishedConsumer>()
            // One temporary queue per instance: the event reaches every replica, not one of them.
            .Endpoint(e =>
            {
                e.Temporary = true;
                e.InstanceId = $"-{Environment.MachineName}-{Guid.NewGuid():N}";
            }));

        var services = builder.Services;
        services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section);
        services.AddOptions<WarmUpOptions>().BindConfiguration(WarmUpOptions.Section)
            .Validate(o => o.Interval < o.Window, "WarmUp:Interval must be shorter than WarmUp:Window.").ValidateOnStart();
        services.AddOptions<BloomFilterOptions>().BindConfiguration(BloomFilterOptions.Section);
        services.AddOptions<PurchaseTokenOptions>().BindConfiguration(PurchaseTokenOptions.Section);

        services.AddMemoryCache();
        services.AddSingleton<InventoryMetrics>();
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
        services.AddScoped<SaleCatalog>();

        services.AddOptions<PurchaseOptions>().BindConfiguration(PurchaseOptions.Section)
            .Validate(o => PurchaseOptions.Strategies.Contains(o.Strategy), $"Purchases:Strategy must be one of: {string.Join(", ", PurchaseOptions.Strategies)}.")
            .Validate(o => o.Segments is >= 1 and <= 1024, "Purchases:Segments must be between 1 and 1024.")
            .ValidateOnStart();
        services.AddSingleton<RedisLuaReservation>();
        services.AddSingleton<RedlockSegmentedReservation>();
        services.AddSingleton<PostgresRowLockReservation>();
        services.AddSingleton<IStockReservation>(sp => sp.GetRequiredService<IOptions<PurchaseOptions>>().Value.Strategy switch
        {
            RedlockSegmentedReservation.Name => sp.GetRequiredService<RedlockSegmentedReservation>(),
            PostgresRowLockReservation.Name => sp.GetRequiredService<PostgresRowLockReservation>(),
            _ => sp.GetRequiredService<RedisLuaReservation>(),
        });
        services.AddSingleton<SoldOutFlags>();
        services.AddOptions<ReservationRelayOptions>().BindConfiguration(ReservationRelayOptions.Section);
        services.AddSingleton<ReservationRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<ReservationRelay>());
        return builder;
    }
}

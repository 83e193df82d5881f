using Microsoft.Extensions.Options;

namespace FlashSale.Inventory.StockStrategies;

public static class StockStrategyRegistration
{
    /// <summary>Every strategy by its configured name, the default first (ops/config.sh reads the list from here).</summary>
    public static readonly string[] Names = [RedisLuaStrategy.Name, RedlockSegmentedStrategy.Name, PostgresRowLockStrategy.Name];

    /// <summary>
    /// The configured strategy as <see cref="IStockStrategy"/>, the live stock operations that follow its layout, and
    /// its hand-over: the Redis strategies record admissions in a stream that <see cref="ReservationRelay"/> hands to
    /// RabbitMQ; postgres-row-lock writes them to inventory's outbox in its own transaction, and the relay stays idle.
    /// </summary>
    public static IServiceCollection AddStockStrategy(this IServiceCollection services)
    {
        services.AddOptions<StockStrategyOptions>().BindConfiguration(StockStrategyOptions.Section)
            .Validate(o => Names.Contains(o.Strategy), $"Purchases:Strategy must be one of: {string.Join(", ", Names)}.")
            .Validate(o => o.Segments is >= 1 and <= 1024, "Purchases:Segments must be between 1 and 1024.")
            .ValidateOnStart();
        services.AddSingleton<RedisLuaStrategy>();
        services.AddSingleton<RedlockSegmentedStrategy>();
        services.AddSingleton<PostgresRowLockStrategy>();
        services.AddSingleton<IStockStrategy>(sp => sp.GetRequiredService<IOptions<StockStrategyOptions>>().Value.Strategy switch
        {
            RedlockSegmentedStrategy.Name => sp.GetRequiredService<RedlockSegmentedStrategy>(),
            PostgresRowLockStrategy.Name => sp.GetRequiredService<PostgresRowLockStrategy>(),
            _ => sp.GetRequiredService<RedisLuaStrategy>(),
        });
        services.AddSingleton<LiveStock>();
        services.AddSingleton<LiveStockRepair>();

        services.AddOptions<ReservationRelayOptions>().BindConfiguration(ReservationRelayOptions.Section);
        services.AddSingleton<ReservationRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<ReservationRelay>());
        return services;
    }
}

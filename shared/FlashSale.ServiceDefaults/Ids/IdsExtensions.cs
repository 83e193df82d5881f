using FlashSale.BuildingBlocks.Ids;
using FlashSale.ServiceDefaults.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlashSale.ServiceDefaults.Ids;

public static class IdsExtensions
{
    /// <summary>
    /// Snowflake ids for a host that issues them. With Ids:WorkerId set (a StatefulSet ordinal) the id is fixed;
    /// otherwise it is leased from the main Redis (<see cref="WorkerIdLease"/>; needs AddServiceRedis), and
    /// readiness waits for the lease.
    /// </summary>
    public static IHostApplicationBuilder AddSnowflakeIds(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdGeneratorOptions>().BindConfiguration(IdGeneratorOptions.Section)
            .Validate(o => o.WorkerId is null or >= 0 and <= SnowflakeId.MaxWorkerId, $"Ids:WorkerId must be between 0 and {SnowflakeId.MaxWorkerId}.")
            .Validate(o => o.LeaseRenewInterval > TimeSpan.Zero && o.LeaseTtl >= 5 * o.LeaseRenewInterval,
                "Ids:LeaseTtl must be at least five Ids:LeaseRenewInterval (a holder renews several times before its lease lapses).")
            .ValidateOnStart();

        if (builder.Configuration.GetValue<int?>($"{IdGeneratorOptions.Section}:{nameof(IdGeneratorOptions.WorkerId)}") is not null)
        {
            builder.Services.AddSingleton<IIdGenerator>(sp =>
            {
                var options = sp.GetRequiredService<IOptions<IdGeneratorOptions>>().Value;
                return new SnowflakeIdGenerator(options.WorkerId!.Value, options.MaxClockRollback, sp.GetRequiredService<TimeProvider>());
            });
            return builder;
        }

        builder.Services.AddSingleton<WorkerIdLease>();
        builder.Services.AddSingleton<IIdGenerator>(sp => sp.GetRequiredService<WorkerIdLease>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WorkerIdLease>());
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            "worker-id", sp => sp.GetRequiredService<WorkerIdLease>(), failureStatus: null, tags: [HealthExtensions.ReadyTag]));
        return builder;
    }
}

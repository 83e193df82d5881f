using FlashSale.ServiceDefaults.Health;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FlashSale.Messaging.Data;

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers the service's DbContext on its own PostgreSQL database, a readiness check on it, and
    /// (when configured) the migrations applied before the host starts.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string defaultDatabase)
        where TContext : DbContext
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (string.IsNullOrWhiteSpace(options.Server))
        {
            throw new InvalidOperationException($"{DatabaseOptions.Section}:Server is not configured (e.g. env Postgres__Server).");
        }

        var connectionString = options.ConnectionString(defaultDatabase);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, BrokenConnectionInterceptor>());
        // Interceptors registered in DI (query counters, auditing) join every context of the service.
        builder.Services.AddDbContextPool<TContext>((sp, db) => db.UseNpgsql(connectionString).AddInterceptors(sp.GetServices<IInterceptor>()));
        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: "postgres", tags: [HealthExtensions.ReadyTag], timeout: TimeSpan.FromSeconds(3));
        if (options.MigrateOnStartup)
        {
            builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        }

        return builder;
    }
}

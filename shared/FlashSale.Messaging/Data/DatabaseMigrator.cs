using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlashSale.Messaging.Data;

/// <summary>
/// Applies pending migrations in StartAsync, so the host serves nothing until its schema is current.
/// EF Core takes a database lock while migrating, so replicas starting together are safe.
/// </summary>
internal sealed class DatabaseMigrator<TContext>(IServiceProvider services, ILogger<DatabaseMigrator<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        logger.LogInformation("Applying {Count} migrations to {Database}: {Migrations}", pending.Count, db.Database.GetDbConnection().Database, pending);
        await db.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

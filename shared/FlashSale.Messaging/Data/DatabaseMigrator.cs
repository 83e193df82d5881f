using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlashSale.Messaging.Data;

/// <summary>
/// Applies pending migrations in StartAsync, so the host serves nothing until its schema is current.
/// EF Core takes a database lock while migrating, so replicas starting together are safe. A host started while
/// PostgreSQL is away keeps trying every second and starts once it answers, instead of exiting.
/// </summary>
internal sealed class DatabaseMigrator<TContext>(IServiceProvider services, ILogger<DatabaseMigrator<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await MigrateAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (e is DbException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("The database is not reachable yet (attempt {Attempt}): {Error}; trying again in {Pause}", attempt, e.Message, RetryPause);
                await Task.Delay(RetryPause, cancellationToken);
            }
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
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

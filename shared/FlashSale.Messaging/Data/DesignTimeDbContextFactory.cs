using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FlashSale.Messaging.Data;

/// <summary>
/// For `dotnet ef migrations add` only: builds the context without starting the host.
/// The connection string is never opened when adding migrations.
/// </summary>
public abstract class DesignTimeDbContextFactory<TContext> : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    public TContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TContext>()
            .UseNpgsql(Environment.GetEnvironmentVariable("FLASHSALE_DESIGN_TIME_DB") ?? "Host=127.0.0.1;Database=design_time")
            .Options;
        return (TContext)Activator.CreateInstance(typeof(TContext), options)!;
    }
}

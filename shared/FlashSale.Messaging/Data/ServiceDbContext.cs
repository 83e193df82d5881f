using FlashSale.Messaging.Inbox;
using FlashSale.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Messaging.Data;

/// <summary>
/// The base of every service's store: the service's own tables, plus the outbox and inbox tables that must live in
/// the same database (they commit in the same transaction as the state they describe), all in snake case.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    protected sealed override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureServiceModel(modelBuilder);
        modelBuilder.AddOutbox();
        modelBuilder.AddInbox();
        modelBuilder.UseSnakeCaseNames();
    }

    /// <summary>The service's own tables.</summary>
    protected abstract void ConfigureServiceModel(ModelBuilder modelBuilder);
}

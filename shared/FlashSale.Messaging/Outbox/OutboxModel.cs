using Microsoft.EntityFrameworkCore;

namespace FlashSale.Messaging.Outbox;

public static class OutboxModel
{
    /// <summary>Maps the outbox table into a service's own DbContext (it lives in the service's database).</summary>
    public static ModelBuilder AddOutbox(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.Id).UseIdentityAlwaysColumn();
            outbox.Property(m => m.MessageType).HasMaxLength(512);
            outbox.Property(m => m.Destination).HasMaxLength(256);
            outbox.Property(m => m.TraceParent).HasMaxLength(128);
            outbox.Property(m => m.LastError).HasMaxLength(1000);
            // The relay's scan: unsent rows that are due, oldest first.
            outbox.HasIndex(m => new { m.NextAttemptAt, m.Id }).HasFilter("sent_at IS NULL");
            // The clean-up's scan.
            outbox.HasIndex(m => m.SentAt).HasFilter("sent_at IS NOT NULL");
        });
        return model;
    }
}

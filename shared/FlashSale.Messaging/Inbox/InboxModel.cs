using Microsoft.EntityFrameworkCore;

namespace FlashSale.Messaging.Inbox;

public static class InboxModel
{
    /// <summary>Maps the inbox table into a service's own DbContext (it lives in the service's database).</summary>
    public static ModelBuilder AddInbox(this ModelBuilder model)
    {
        model.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.Consumer).HasMaxLength(128);
            inbox.HasIndex(m => m.ReceivedAt);
        });
        return model;
    }
}

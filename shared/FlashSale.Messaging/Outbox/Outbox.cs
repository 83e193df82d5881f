using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Messaging.Outbox;

/// <summary>Adds messages (by their runtime type) to the outbox of the caller's DbContext: they commit, or roll back, with its transaction.</summary>
public static class OutboxExtensions
{
    public static void AddToOutbox(this DbContext db, object message, Uri? destination, DateTimeOffset now)
    {
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            MessageType = message.GetType().AssemblyQualifiedName!,
            Body = JsonSerializer.Serialize(message, message.GetType(), JsonSerializerOptions.Web),
            Destination = destination?.ToString(),
            TraceParent = Activity.Current?.Id,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }
}

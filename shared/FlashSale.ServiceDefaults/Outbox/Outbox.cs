using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.ServiceDefaults.Outbox;

/// <summary>Adds messages to the outbox of the caller's DbContext: they commit, or roll back, with its transaction.</summary>
public static class OutboxExtensions
{
    public static void AddToOutbox<T>(this DbContext db, T message, Uri? destination, DateTimeOffset now) where T : class
    {
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            MessageType = typeof(T).AssemblyQualifiedName!,
            Body = JsonSerializer.Serialize(message, JsonSerializerOptions.Web),
            Destination = destination?.ToString(),
            TraceParent = Activity.Current?.Id,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }
}

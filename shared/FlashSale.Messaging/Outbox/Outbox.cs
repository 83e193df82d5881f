using System.Text.Json;
using FlashSale.Messaging.Tracing;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Messaging.Outbox;

/// <summary>
/// Adds messages (by their runtime type) to the outbox of the caller's DbContext: they commit, or roll back, with its
/// transaction. Each row keeps the trace it continues (<see cref="OutboxTraceScope"/>), so the relay's send joins it.
/// A message nobody waits on may be held back (<c>sendAfter</c>): the relay leaves its row until then, so under load the
/// work somebody waits on goes first, and what was held back goes in fewer, larger bundles.
/// </summary>
public static class OutboxExtensions
{
    public static void AddToOutbox(this DbContext db, object message, Uri? destination, DateTimeOffset now, TimeSpan sendAfter = default)
    {
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            MessageType = message.GetType().AssemblyQualifiedName!,
            Body = JsonSerializer.Serialize(message, message.GetType(), JsonSerializerOptions.Web),
            Destination = destination?.ToString(),
            TraceParent = OutboxTraceScope.TraceParentFor(message),
            CreatedAt = now,
            NextAttemptAt = sendAfter > TimeSpan.Zero ? now + sendAfter : now,
        });
    }
}

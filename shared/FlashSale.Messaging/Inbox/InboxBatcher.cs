using System.Diagnostics;
using FlashSale.BuildingBlocks.Batching;
using FlashSale.Messaging.Tracing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlashSale.Messaging.Inbox;

/// <summary>One inbound message waiting for a batch: its inbox key and what the handler needs of it.</summary>
public sealed record InboxItem<T>(Guid MessageId, string Consumer, T Payload)
{
    /// <summary>The trace the delivery belongs to (its consume span), continued by the messages its effect writes.</summary>
    public ActivityContext Trace { get; init; }

    /// <summary>The order the delivery is about, which is how the outbox rows of a batch find their trace.</summary>
    public long? OrderId { get; init; }
}

/// <summary>
/// Applies a batch of new messages (duplicates already dropped) inside the batch's transaction, through the
/// scope's DbContext; the batcher saves the changes and commits after it. Must be correct for a batch of one:
/// that is how a batch that failed is replayed, message by message.
/// </summary>
public interface IInboxBatchHandler<T>
{
    Task HandleAsync(IReadOnlyList<T> batch, DateTimeOffset now, CancellationToken ct);

    /// <summary>After the batch's transaction committed: tell whoever waits on its effects (never before, or they read the old state).</summary>
    void Committed(IReadOnlyList<T> batch)
    {
    }
}

/// <summary>Bound from "Inbox:Batching".</summary>
public sealed class InboxBatchingOptions
{
    public const string Section = "Inbox:Batching";

    /// <summary>The most messages one transaction takes; the consumer's endpoint should prefetch at least this many.</summary>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>Batches of one kind running at once (each its own transaction and connection).</summary>
    public int Workers { get; set; } = 2;
}

/// <summary>
/// Group commit for idempotent consumers. Every concurrent Consume call hands its message here and waits;
/// a worker takes whatever is waiting (up to <see cref="InboxBatchingOptions.MaxBatchSize"/>) and applies it
/// in ONE transaction: one multi-row inbox insert (which drops duplicates, also within the batch), the
/// handler's set-based changes, the outbox rows, one commit. Under light load a batch is one message and
/// costs what a single consumer did; under a backlog, N messages share one transaction and one fsync.
/// A batch that fails is rolled back whole and each of its messages is run again alone, in its own Consume
/// call, so a poison message fails (retries, then the _error queue) by itself, exactly as without batching.
/// A message is acknowledged only after its transaction committed: a redelivered one finds its inbox row.
/// Each worker owns a partition of the keys (<see cref="InboxPartitioning{T}"/>: an order, a sale), so two
/// batches of one process never contend for the same rows; other replicas still may, and then the
/// optimistic check or the row lock decides, as for single messages.
/// </summary>
public sealed class InboxBatcher<TContext, T> : IDisposable where TContext : DbContext
{
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GroupCommit<InboxItem<T>, bool> _batches;
    private readonly InboxMetrics? _metrics;

    public InboxBatcher(IServiceScopeFactory scopes, TimeProvider time, IOptions<InboxBatchingOptions> options, InboxPartitioning<T> partitioning,
        ILogger<InboxBatcher<TContext, T>> logger, InboxMetrics? metrics = null)
    {
        _scopes = scopes;
        _time = time;
        _logger = logger;
        _batches = new GroupCommit<InboxItem<T>, bool>(ApplyBatchAsync, item => partitioning.KeyOf(item.Payload), options.Value.Workers, options.Value.MaxBatchSize,
            (e, count) => _logger.LogInformation(e, "A batch of {Count} {Consumer} messages failed; each runs again alone", count, typeof(T).Name));
        _metrics = metrics;
        metrics?.ObserveWaiting(typeof(T).Name, () => _batches.WaitingCount);
    }

    /// <summary>
    /// Hands a delivery to the batcher under the inbox's one naming rule: the inbox key is the delivery's message id
    /// and its message type's name (<see cref="InboxKeys.ConsumerOf{TMessage}"/>). True when applied, false for a duplicate.
    /// </summary>
    public Task<bool> ConsumeAsync<TMessage>(MassTransit.ConsumeContext<TMessage> delivery, T payload) where TMessage : class =>
        ConsumeAsync(delivery.MessageId, InboxKeys.ConsumerOf<TMessage>(), payload, MessageTracing.OrderIdOf(delivery.Message),
            Activity.Current?.Context ?? default, delivery.CancellationToken);

    /// <summary>True when the message was applied, false when its inbox row existed (a duplicate).</summary>
    public Task<bool> ConsumeAsync(Guid? messageId, string consumer, T payload, CancellationToken ct) =>
        ConsumeAsync(messageId, consumer, payload, orderId: null, Activity.Current?.Context ?? default, ct);

    /// <summary>A message that did not come as its own delivery (one of a bundle): its order and trace are given.</summary>
    public Task<bool> ConsumeAsync(Guid messageId, string consumer, T payload, long? orderId, ActivityContext trace, CancellationToken ct) =>
        ConsumeAsync((Guid?)messageId, consumer, payload, orderId, trace, ct);

    private Task<bool> ConsumeAsync(Guid? messageId, string consumer, T payload, long? orderId, ActivityContext trace, CancellationToken ct)
    {
        var item = new InboxItem<T>(messageId ?? throw new InvalidOperationException($"A message for {consumer} without a MessageId cannot be deduplicated."),
            consumer, payload)
        {
            Trace = trace,
            OrderId = orderId ?? MessageTracing.OrderIdOf(payload),
        };
        // A batch that failed is run again message by message: alone, a message's own failure (if any) reaches
        // MassTransit's retry and error queue.
        return _batches.SubmitAsync(item, ct);
    }

    private async Task<IReadOnlyList<bool>> ApplyBatchAsync(IReadOnlyList<InboxItem<T>> items, CancellationToken ct)
    {
        var fresh = await ApplyAsync(items, ct);
        return items.Select(i => fresh.Remove(i)).ToList();
    }

    /// <summary>Applies <paramref name="items"/> in one transaction; returns those that were new (not duplicates).</summary>
    public async Task<HashSet<InboxItem<T>>> ApplyAsync(IReadOnlyList<InboxItem<T>> items, CancellationToken ct)
    {
        using var activity = StartApplyActivity(items);
        using var traces = OutboxTraceScope.Begin(items.Select(i => (i.OrderId, i.Trace)));
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        db.Database.AutoSavepointsEnabled = false; // the batch commits or rolls back whole
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = _time.GetUtcNow();
        var fresh = await RecordAsync(db, items, now, ct);
        if (fresh.Count == 0)
        {
            await tx.RollbackAsync(ct);
            return fresh;
        }

        var started = _time.GetTimestamp();
        var handler = scope.ServiceProvider.GetRequiredService<IInboxBatchHandler<T>>();
        // By key, not by item: a delivery seen twice in the batch is an equal item, and must be applied once.
        var applied = items.DistinctBy(i => (i.MessageId, i.Consumer)).Where(fresh.Contains).Select(i => i.Payload).ToList();
        await handler.HandleAsync(applied, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        _metrics?.Applied(typeof(T).Name, applied.Count, _time.GetElapsedTime(started));
        handler.Committed(applied);
        return fresh;
    }

    /// <summary>
    /// A batch of one continues its delivery's trace; a batch of many serves many traces, so it starts its own and
    /// links to each (its outbox rows still continue their own order's trace, <see cref="OutboxTraceScope"/>).
    /// </summary>
    private static Activity? StartApplyActivity(IReadOnlyList<InboxItem<T>> items)
    {
        var consumers = items.Select(i => i.Consumer).Distinct().ToList();
        var name = "apply " + (consumers.Count == 1 ? consumers[0] : typeof(T).Name + " batch");
        if (items.Count == 1)
        {
            var activity = MessageTracing.Source.StartActivity(name, ActivityKind.Internal, items[0].Trace);
            activity?.SetTag("flashsale.order_id", items[0].OrderId);
            return activity;
        }

        // Not a child of whatever is current: the batch belongs to no single delivery.
        Activity.Current = null;
        var batch = MessageTracing.Source.StartActivity(name, ActivityKind.Internal, parentContext: default,
            links: MessageTracing.LinksTo(items.Select(i => i.Trace)));
        batch?.SetTag("messaging.batch.message_count", items.Count);
        return batch;
    }

    public void Dispose() => _batches.Dispose();

    // One statement for the whole batch; a key seen twice in the batch is inserted once (the first one counts).
    private static async Task<HashSet<InboxItem<T>>> RecordAsync(TContext db, IReadOnlyList<InboxItem<T>> items, DateTimeOffset now, CancellationToken ct)
    {
        var firsts = items.DistinctBy(i => (i.MessageId, i.Consumer)).ToList();
        var ids = firsts.Select(i => i.MessageId).ToArray();
        var consumers = firsts.Select(i => i.Consumer).ToArray();
        var inserted = await db.Database.SqlQuery<InboxKey>($"""
            INSERT INTO inbox_messages (message_id, consumer, received_at)
            SELECT k.id, k.consumer, {now} FROM unnest({ids}::uuid[], {consumers}::text[]) AS k(id, consumer)
            ON CONFLICT DO NOTHING
            RETURNING message_id AS "MessageId", consumer AS "Consumer"
            """).ToListAsync(ct);
        var keys = inserted.Select(k => (k.MessageId, k.Consumer)).ToHashSet();
        return firsts.Where(i => keys.Contains((i.MessageId, i.Consumer))).ToHashSet();
    }

    private sealed record InboxKey(Guid MessageId, string Consumer);
}

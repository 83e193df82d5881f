using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using FlashSale.Messaging.Bundles;
using FlashSale.Messaging.Tracing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlashSale.Messaging.Outbox;

/// <summary>
/// Sends the outbox of <typeparamref name="TContext"/>'s database. Each pass claims a batch of due rows
/// with FOR UPDATE SKIP LOCKED (replicas never send the same row at once), sends them with publisher
/// confirms, and marks them sent in the same transaction — a crash before the commit re-sends them
/// (at least once). Failures are retried with exponential backoff; sent rows are deleted after the
/// retention period. The MessageId is derived from the row, so a re-send carries the same id.
/// An idle relay sleeps until this process commits outbox rows (<see cref="OutboxSignal"/>) or
/// <see cref="OutboxOptions.IdleDelay"/> passes (rows of other replicas, retries coming due).
/// <see cref="OutboxOptions.Workers"/> passes run at once, each on its own rows: messages of one outbox may
/// therefore reach the broker out of order, which every consumer tolerates (the broker's redeliveries reorder too).
/// Rows of one type for one queue in a pass go as one <see cref="MessageBundle"/> (<see cref="OutboxOptions.Bundles"/>).
/// </summary>
public sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes, IBus bus, OutboxSignal signal, IOptions<OutboxOptions> options, TimeProvider time, IMeterFactory meters,
    ILogger<OutboxRelay<TContext>> logger)
    : BackgroundService where TContext : DbContext
{
    // From the row coming due (its commit, or later when held back) to the broker's confirm: how far the outbox trails its work.
    private readonly Histogram<double> _lag = meters.Create("FlashSale.Outbox").CreateHistogram<double>(
        "flashsale.outbox.lag", unit: "s", description: "Time from an outbox message coming due to its confirmed send.");
    private static readonly byte[] Namespace = BitConverter.GetBytes(Fnv1a(typeof(TContext).FullName!));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(worker => RelayLoopAsync(cleans: worker == 0, stoppingToken)));

    // Several loops: while one batch waits for the broker's confirms, another is claimed and sent (SKIP LOCKED
    // gives each its own rows), so the relay's rate is not one batch per confirm round trip.
    private async Task RelayLoopAsync(bool cleans, CancellationToken stoppingToken)
    {
        var nextCleanup = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await RelayOnceAsync(stoppingToken);
                if (cleans && time.GetUtcNow() >= nextCleanup)
                {
                    await CleanupAsync(stoppingToken);
                    nextCleanup = time.GetUtcNow() + options.Value.CleanupInterval;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Outbox relay pass failed; unsent rows stay and are retried");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }

            if (sent == 0)
            {
                await signal.WaitAsync(typeof(TContext), options.Value.IdleDelay, stoppingToken);
            }

            if (sent < options.Value.BatchSize && options.Value.Linger > TimeSpan.Zero)
            {
                await Task.Delay(options.Value.Linger, time, stoppingToken);
            }
        }
    }

    /// <summary>One batch; returns how many messages were sent.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        db.Database.AutoSavepointsEnabled = false; // the batch commits or rolls back whole
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow();
        var batch = await db.Set<OutboxMessage>()
            .FromSqlInterpolated($"""
                SELECT * FROM outbox_messages WHERE sent_at IS NULL AND next_attempt_at <= {now}
                ORDER BY id LIMIT {options.Value.BatchSize} FOR UPDATE SKIP LOCKED
                """)
            .AsNoTracking()
            .ToListAsync(ct);
        if (batch.Count == 0)
        {
            return 0;
        }

        // The pass serves many orders: its own span, linked to the trace of every row it sends.
        using var pass = MessageTracing.Source.StartActivity($"outbox relay {typeof(TContext).Name}", ActivityKind.Internal, parentContext: default,
            links: MessageTracing.LinksTo(batch.Select(m => MessageTracing.ContextOf(m.TraceParent))));
        pass?.SetTag("messaging.batch.message_count", batch.Count);
        // Rows of one type for one queue go as one bundle; published events and lone rows as themselves.
        var bundles = options.Value.Bundles
            ? batch.Where(m => m.Destination is not null).GroupBy(m => (m.Destination, m.MessageType)).Where(g => g.Skip(1).Any()).Select(g => g.ToList()).ToList()
            : [];
        var bundled = bundles.SelectMany(b => b).ToHashSet();
        await Task.WhenAll(batch.Where(m => !bundled.Contains(m)).Select(message => SendAsync(message, now, ct))
            .Concat(bundles.Select(rows => SendBundleAsync(rows, now, ct))));
        // The sent rows in one statement; the (rare) failed ones each with their own backoff.
        var sentAt = time.GetUtcNow();
        var sent = batch.Where(m => m.SentAt is not null).Select(m => m.Id).ToArray();
        if (sent.Length > 0)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE outbox_messages SET sent_at = {sentAt} WHERE id = ANY({sent})", ct);
        }

        foreach (var failed in batch.Where(m => m.SentAt is null))
        {
            db.Attach(failed);
            db.Entry(failed).Property(m => m.Attempts).IsModified = true;
            db.Entry(failed).Property(m => m.LastError).IsModified = true;
            db.Entry(failed).Property(m => m.NextAttemptAt).IsModified = true;
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return sent.Length;
    }

    public async Task<int> CleanupAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var before = time.GetUtcNow() - options.Value.Retention;
        return await db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM outbox_messages WHERE sent_at < {before}", ct);
    }

    private async Task SendAsync(OutboxMessage row, DateTimeOffset now, CancellationToken stoppingToken)
    {
        // A send waits for the broker's confirm. Over a broker restart a confirm can be lost with its channel and the send
        // then waits forever, holding the batch's row locks: the relay stood still (thousands of rows unsent, measured) long
        // after the broker was back. A send not confirmed in time counts as failed and is retried.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Value.SendTimeout);
        var ct = timeout.Token;
        try
        {
            var type = Type.GetType(row.MessageType, throwOnError: true)!;
            var message = JsonSerializer.Deserialize(row.Body, type, JsonSerializerOptions.Web)!;
            // The send continues the trace of the transaction that wrote the row; MassTransit's own send span is its child
            // and carries the context on to the consumer in the message headers.
            using var activity = MessageTracing.Source.StartActivity($"outbox send {type.Name}", ActivityKind.Internal,
                MessageTracing.ContextOf(row.TraceParent));
            activity?.SetTag("flashsale.outbox.wait_ms", (long)(now - row.CreatedAt).TotalMilliseconds);
            var messageId = MessageIdOf(row.Id);
            if (row.Destination is null)
            {
                await bus.Publish(message, type, Pipe.Execute<PublishContext>(c => c.MessageId = messageId), ct);
            }
            else
            {
                var endpoint = await bus.GetSendEndpoint(new Uri(row.Destination));
                await endpoint.Send(message, type, Pipe.Execute<SendContext>(c => c.MessageId = messageId), ct);
            }

            Sent(row);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            Failed(row, e, now);
        }
    }

    /// <summary>Rows of one type for one queue as one <see cref="MessageBundle"/>: each keeps the MessageId it would have had alone.</summary>
    private async Task SendBundleAsync(List<OutboxMessage> rows, DateTimeOffset now, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Value.SendTimeout);
        try
        {
            var typeName = rows[0].MessageType.Split(',', 2)[0];
            var bundle = new MessageBundle(typeName, rows.Select(row =>
                new BundledMessage(MessageIdOf(row.Id), JsonSerializer.Deserialize<JsonElement>(row.Body), row.TraceParent)).ToList());
            // One send serves many orders: its own span, linked to each row's trace (each message continues its own at the receiver).
            using var activity = MessageTracing.Source.StartActivity($"outbox send {typeName[(typeName.LastIndexOf('.') + 1)..]} bundle", ActivityKind.Internal,
                parentContext: default, links: MessageTracing.LinksTo(rows.Select(r => MessageTracing.ContextOf(r.TraceParent))));
            activity?.SetTag("messaging.batch.message_count", rows.Count);
            var endpoint = await bus.GetSendEndpoint(new Uri(rows[0].Destination!));
            await endpoint.Send(bundle, timeout.Token);
            foreach (var row in rows)
            {
                Sent(row);
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            foreach (var row in rows)
            {
                Failed(row, e, now);
            }
        }
    }

    private void Sent(OutboxMessage row)
    {
        row.SentAt = time.GetUtcNow();
        // From when the row was due: its creation, or later for a row held back on purpose; a retried row from its creation.
        var due = row.Attempts == 0 ? row.NextAttemptAt : row.CreatedAt;
        _lag.Record((row.SentAt.Value - due).TotalSeconds, new KeyValuePair<string, object?>("outbox", typeof(TContext).Name));
    }

    private void Failed(OutboxMessage row, Exception e, DateTimeOffset now)
    {
        row.Attempts++;
        row.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
        var backoff = options.Value.InitialBackoff * Math.Pow(2, Math.Min(row.Attempts - 1, 16));
        row.NextAttemptAt = now + (backoff < options.Value.MaxBackoff ? backoff : options.Value.MaxBackoff);
        logger.LogWarning(e, "Outbox message {Id} ({Type}) failed, attempt {Attempts}; next at {Next}", row.Id, row.MessageType, row.Attempts, row.NextAttemptAt);
    }

    private static Guid MessageIdOf(long rowId)
    {
        var bytes = new byte[16];
        Namespace.CopyTo(bytes, 0);
        BitConverter.GetBytes(rowId).CopyTo(bytes, 8);
        return new Guid(bytes);
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}

public static class OutboxRegistration
{
    /// <summary>The relay for <typeparamref name="TContext"/>'s outbox (the context must call <c>AddOutbox()</c>).</summary>
    public static IHostApplicationBuilder AddOutboxRelay<TContext>(this IHostApplicationBuilder builder) where TContext : DbContext
    {
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section);
        builder.Services.TryAddSingleton<OutboxSignal>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IInterceptor, OutboxCommitInterceptor>());
        builder.Services.AddSingleton<OutboxRelay<TContext>>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay<TContext>>());
        return builder;
    }
}

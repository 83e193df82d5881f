using FlashSale.Messaging.Data;
using FlashSale.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Messaging.Monitoring;

/// <summary>
/// The service's outbox: rows not sent yet and how old the oldest is (what the relay is behind by now), and the rows
/// sent in the last <see cref="MessagingMonitorApi.RecentSeconds"/> seconds with the p99 of their time in the table.
/// </summary>
public sealed record OutboxState(long Unsent, double OldestUnsentSeconds, long SentRecently, double? LagP99Milliseconds);

/// <summary>What <c>GET /api/admin/monitor/messaging</c> answers: the service's outbox and its input queues.</summary>
public sealed record MessagingState(string Service, DateTimeOffset At, OutboxState Outbox, IReadOnlyList<QueueState> Queues);

public static class MessagingMonitorApi
{
    public const int RecentSeconds = 5;

    /// <summary>
    /// <c>GET /api/admin/monitor/messaging</c> (admin, not in the OpenAPI document): the sale monitor's view of this
    /// service's side of the saga; the gateway routes it as <c>/api/admin/monitor/{service}/messaging</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapMessagingMonitor<TContext>(this IEndpointRouteBuilder app, string service, params string[] queues)
        where TContext : ServiceDbContext
    {
        app.MapGet("/api/admin/monitor/messaging", (HttpContext http, CancellationToken ct) => ReadAsync<TContext>(http.RequestServices, service, queues, ct))
            .RequireAdmin().ExcludeFromDescription();
        return app;
    }

    private static async Task<Ok<MessagingState>> ReadAsync<TContext>(IServiceProvider services, string service, string[] queues, CancellationToken ct)
        where TContext : ServiceDbContext
    {
        var outbox = await OutboxStateAsync(services.GetRequiredService<TContext>(), ct);
        var queueStates = await services.GetRequiredService<QueueDepths>().ReadAsync(queues, ct);
        return TypedResults.Ok(new MessagingState(service, services.GetRequiredService<TimeProvider>().GetUtcNow(), outbox, queueStates));
    }

    private static async Task<OutboxState> OutboxStateAsync(ServiceDbContext db, CancellationToken ct)
    {
        // Both scans use the outbox's partial indexes (unsent rows; sent_at), so they stay cheap on a table of millions.
        var unsent = await db.Database.SqlQuery<UnsentRow>($"""
            SELECT count(*) AS "Unsent", coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS "OldestSeconds"
            FROM outbox_messages WHERE sent_at IS NULL
            """).SingleAsync(ct);
        var sent = await db.Database.SqlQuery<SentRow>($"""
            SELECT count(*) AS "Sent",
                   (percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at)) * 1000)::float8 AS "LagP99"
            FROM outbox_messages WHERE sent_at >= now() - make_interval(secs => {RecentSeconds})
            """).SingleAsync(ct);
        return new OutboxState(unsent.Unsent, Math.Max(0, unsent.OldestSeconds), sent.Sent, sent.LagP99);
    }

    private sealed record UnsentRow(long Unsent, double OldestSeconds);

    private sealed record SentRow(long Sent, double? LagP99);
}

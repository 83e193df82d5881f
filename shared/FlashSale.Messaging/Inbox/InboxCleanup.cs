using FlashSale.Messaging.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlashSale.Messaging.Inbox;

/// <summary>Bound from "Inbox".</summary>
public sealed class InboxOptions
{
    public const string Section = "Inbox";

    /// <summary>
    /// Rows are kept far longer than any redelivery can take (broker redelivery, outbox retries with backoff),
    /// then deleted so the table does not grow without bound.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Deletes inbox rows past their retention (<see cref="InboxOptions"/>).</summary>
public sealed class InboxCleanup<TContext>(IServiceScopeFactory scopes, IOptions<InboxOptions> options, TimeProvider time, ILogger<InboxCleanup<TContext>> logger)
    : RetentionSweep<TContext>(scopes, time, logger) where TContext : DbContext
{
    protected override string Rows => "inbox rows";

    protected override TimeSpan Retention => options.Value.Retention;

    protected override TimeSpan Interval => options.Value.CleanupInterval;

    protected override Task<int> DeleteAsync(TContext db, DateTimeOffset before, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM inbox_messages WHERE received_at < {before}", ct);
}

public static class InboxRegistration
{
    /// <summary>The inbox clean-up for <typeparamref name="TContext"/> (the context must call <c>AddInbox()</c>).</summary>
    public static IHostApplicationBuilder AddInboxCleanup<TContext>(this IHostApplicationBuilder builder) where TContext : DbContext
    {
        builder.Services.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.Section);
        builder.Services.AddSingleton<InboxCleanup<TContext>>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<InboxCleanup<TContext>>());
        return builder;
    }
}

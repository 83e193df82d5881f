using FlashSale.Messaging.Outbox;
using FlashSale.Order.Data;
using FlashSale.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Order.Tests.Outbox;

/// <summary>The order service with a relay that lingers long after a pass that was not full (real PostgreSQL and RabbitMQ).</summary>
public sealed class LingeringOutboxFixture() : ServiceFixture<Program>("order")
{
    // Long against the ten commits (a few ms each, up to hundreds on a busy two-core machine): with two relay workers
    // out of phase, commits that outlast a linger could be split over a third pass.
    public static readonly TimeSpan Linger = TimeSpan.FromSeconds(2);

    protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Services:inventory"] = "http://127.0.0.1:9", // never called by these tests
        ["Outbox:Linger"] = Linger.ToString(),
    };
}

/// <summary>
/// A steady trickle of commits leaves in few relay passes: after a pass that was not full the relay waits
/// (Outbox:Linger), so rows committed meanwhile go out together, and none waits much longer than that.
/// </summary>
public sealed class OutboxLingerTests(LingeringOutboxFixture fixture) : IClassFixture<LingeringOutboxFixture>
{
    private static readonly Uri ProbeQueue = new("queue:outbox-linger-probe");

    [Fact]
    public async Task Rows_committed_one_by_one_while_the_relay_lingers_leave_in_at_most_two_passes()
    {
        var ids = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            await using var scope = fixture.Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
            db.AddToOutbox(new OutboxSignalProbe(Guid.NewGuid()), ProbeQueue, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            ids.Add(db.ChangeTracker.Entries<OutboxMessage>().Single().Entity.Id);
            await Task.Delay(5);
        }

        var rows = await Eventually.HoldsAsync(() => RowsAsync(ids), sent => sent.All(r => r.SentAt is not null), "the ten rows to be sent");

        // Passes are told apart by their sent_at: each pass marks its rows sent in one statement, at one instant.
        Assert.InRange(rows.Select(r => r.SentAt).Distinct().Count(), 1, 2);
        Assert.All(rows, row => Assert.True(row.SentAt!.Value - row.CreatedAt < LingeringOutboxFixture.Linger * 2 + TimeSpan.FromSeconds(2),
            $"row {row.Id} waited {row.SentAt!.Value - row.CreatedAt} for the relay"));
    }

    private async Task<List<OutboxMessage>> RowsAsync(List<long> ids)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        return await db.Set<OutboxMessage>().AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync();
    }
}

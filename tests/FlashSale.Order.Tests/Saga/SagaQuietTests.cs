using FlashSale.Contracts.Stock;
using FlashSale.Messaging.Outbox;
using FlashSale.Order.Data;
using FlashSale.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Order.Tests.Saga;

/// <summary>
/// Tests trust <see cref="SagaQuiet"/> to say that nothing is on its way, so it must see what is: an unsent
/// outbox row, a message waiting in a queue; and only what is (dead letters are not on their way).
/// </summary>
public sealed class SagaQuietTests(SagaFixture fixture) : IClassFixture<SagaFixture>
{
    [Fact]
    public async Task The_probe_reports_an_unsent_outbox_row_until_it_is_gone()
    {
        var row = await AddUnsentRowAsync();

        var backlog = await SagaQuiet.BacklogAsync(fixture.Scope, ["order"], queues: new HashSet<string>());
        await RemoveAsync(row);

        Assert.Equal(["order outbox: 1 unsent"], backlog);
        Assert.Empty(await SagaQuiet.BacklogAsync(fixture.Scope, ["order"], queues: new HashSet<string>()));
    }

    [Fact]
    public async Task The_probe_reports_a_waiting_message_but_not_a_dead_letter_and_the_wait_gives_up_on_it()
    {
        var queue = $"quiet-probe-{Guid.NewGuid():N}";
        await fixture.SendAsync(new StockReleased(1, 7, 1), new Uri($"queue:{queue}_error"));
        await fixture.SendAsync(new StockReleased(1, 7, 1), new Uri($"queue:{queue}"));

        // Nobody consumes that queue; the broker's statistics show the message within seconds.
        var backlog = await Eventually.HoldsAsync(() => SagaQuiet.BacklogAsync(fixture.Scope, [], queues: null), b => b.Count > 0,
            "the probe to see the waiting message");

        Assert.Equal([$"{queue}: 1 queued"], backlog);
        await Assert.ThrowsAsync<TimeoutException>(() => SagaQuiet.WaitAsync(fixture.Scope, [], timeout: TimeSpan.FromSeconds(1)));
    }

    /// <summary>A row the relay leaves alone for an hour (not due), so it stays unsent while the test looks.</summary>
    private async Task<long> AddUnsentRowAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        var now = DateTimeOffset.UtcNow;
        var row = new OutboxMessage { MessageType = typeof(StockReleased).AssemblyQualifiedName!, Body = "{}", CreatedAt = now, NextAttemptAt = now.AddHours(1) };
        db.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    private async Task RemoveAsync(long rowId)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrderDbContext>();
        db.Remove(await db.Set<OutboxMessage>().FindAsync(rowId) ?? throw new InvalidOperationException($"outbox row {rowId} is gone"));
        await db.SaveChangesAsync();
    }
}

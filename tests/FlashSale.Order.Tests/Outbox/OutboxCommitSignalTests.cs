using FlashSale.Messaging.Outbox;
using FlashSale.Order.Data;
using FlashSale.Order.Tests.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Order.Tests.Outbox;

/// <summary>A harmless message for the outbox rows these tests commit (the fixture's relay sends them to a queue nobody reads).</summary>
public sealed record OutboxSignalProbe(Guid Id);

/// <summary>
/// The relay is woken exactly when outbox rows become visible to it, on real PostgreSQL: at the commit of
/// the transaction that saved them, or after a SaveChanges without one; never for a rollback or for
/// changes without outbox rows. Each test has its own signal, so the service's running relay cannot take it.
/// </summary>
public sealed class OutboxCommitSignalTests(SagaFixture fixture) : IClassFixture<SagaFixture>, IDisposable
{
    private static readonly Uri ProbeQueue = new("queue:outbox-signal-probe");
    private readonly OutboxSignal _signal = new();

    [Fact]
    public async Task A_transaction_with_outbox_rows_wakes_the_relay_at_its_commit_not_before()
    {
        await using var db = NewContext();
        await using var tx = await db.Database.BeginTransactionAsync();
        db.AddToOutbox(new OutboxSignalProbe(Guid.NewGuid()), ProbeQueue, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
        Assert.False(await WokenAsync(), "woken while the rows were still invisible to the relay");

        await tx.CommitAsync();
        Assert.True(await WokenAsync());
        Assert.False(await WokenAsync(), "one commit wakes the relay once");
    }

    [Fact]
    public async Task A_rolled_back_transaction_wakes_nothing_and_the_next_commit_without_rows_neither()
    {
        await using var db = NewContext();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.AddToOutbox(new OutboxSignalProbe(Guid.NewGuid()), ProbeQueue, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }

        db.ChangeTracker.Clear();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1");
            await tx.CommitAsync();
        }

        Assert.False(await WokenAsync());
    }

    [Fact]
    public async Task SaveChanges_without_a_transaction_wakes_the_relay_once_saved()
    {
        await using var db = NewContext();
        db.AddToOutbox(new OutboxSignalProbe(Guid.NewGuid()), ProbeQueue, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
        Assert.True(await WokenAsync());
    }

    [Fact]
    public async Task A_row_held_back_wakes_the_relay_at_its_commit_and_again_when_it_comes_due()
    {
        var holdBack = TimeSpan.FromMilliseconds(400);
        await using var db = NewContext();
        db.AddToOutbox(new OutboxSignalProbe(Guid.NewGuid()), ProbeQueue, DateTimeOffset.UtcNow, holdBack);
        var saved = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync();
        Assert.True(await WokenAsync());
        Assert.False(await WokenAsync(), "woken again before the row came due");

        // Without that second wake-up the row would wait for the relay's idle poll (OutboxOptions.IdleDelay).
        Assert.True(await _signal.WaitAsync(typeof(OrderDbContext), TimeSpan.FromSeconds(5), CancellationToken.None), "not woken when the row came due");
        Assert.True(DateTimeOffset.UtcNow - saved >= holdBack - TimeSpan.FromMilliseconds(20), "woken before the row came due");
        var row = await db.Set<OutboxMessage>().AsNoTracking().OrderByDescending(m => m.Id).FirstAsync();
        Assert.Equal(holdBack, row.NextAttemptAt - row.CreatedAt);
    }

    public void Dispose() => _signal.Dispose();

    private Task<bool> WokenAsync() => _signal.WaitAsync(typeof(OrderDbContext), TimeSpan.Zero, CancellationToken.None);

    private OrderDbContext NewContext()
    {
        using var scope = fixture.Factory.Services.CreateScope();
        var connectionString = scope.ServiceProvider.GetRequiredService<OrderDbContext>().Database.GetConnectionString();
        var options = new DbContextOptionsBuilder<OrderDbContext>()
            .UseNpgsql(connectionString)
            .AddInterceptors(new OutboxCommitInterceptor(_signal))
            .Options;
        return new OrderDbContext(options);
    }
}

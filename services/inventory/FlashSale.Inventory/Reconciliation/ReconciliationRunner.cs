using System.Text.Json;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FlashSale.Inventory.Reconciliation;

/// <summary>
/// One reconciliation of every running (or recently ended) sale, by one replica at a time: the run holds a
/// PostgreSQL session-level advisory lock on a connection of its own (unpooled, so the lock ends with the
/// session if the process dies). The report is stored for GET /api/admin/reconciliation.
/// </summary>
public sealed class ReconciliationRunner(
    IServiceScopeFactory scopes, StockReconciler reconciler, IOptions<ReconciliationOptions> options, TimeProvider time,
    InventoryMetrics metrics, ILogger<ReconciliationRunner> logger)
{
    /// <summary>The advisory lock's key ("FSRECONC"); advisory locks are per database, so per service.</summary>
    public const long LockKey = 0x4653_5245_434F_4E43;

    private const string LockTimeoutState = "55P03";

    /// <summary>
    /// Runs now and returns the report; null when another replica holds the lock (at once when
    /// <paramref name="waitForLock"/> is false, else after <see cref="ReconciliationOptions.LockWait"/>).
    /// </summary>
    public async Task<ReconciliationReport?> RunAsync(bool waitForLock, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        await using var session = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ConnectionString);
        await session.OpenAsync(ct);
        if (!await TakeLockAsync(session, waitForLock, ct))
        {
            metrics.Reconciliation("skipped");
            return null;
        }

        var now = time.GetUtcNow();
        var since = now - options.Value.EndedSalesFor;
        var saleIds = await db.Sales.AsNoTracking().Where(s => s.StartsAt <= now && s.EndsAt > since).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        var sales = new List<SaleReconciliation>(saleIds.Count);
        foreach (var saleId in saleIds)
        {
            try
            {
                if (await reconciler.ReconcileAsync(db, saleId, now, ct) is { } sale)
                {
                    sales.Add(sale);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One sale's failure (e.g. Redis timing out) must not hide the others.
                logger.LogError(e, "Reconciling sale {SaleId} failed; the next run tries again", saleId);
            }
        }

        var report = new ReconciliationReport(now, sales);
        db.Set<ReconciliationRecord>().Add(new ReconciliationRecord { At = now, Report = JsonSerializer.Serialize(report, JsonSerializerOptions.Web) });
        await db.SaveChangesAsync(ct);
        var kept = options.Value.ReportsKept;
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"DELETE FROM reconciliation_reports WHERE id <= (SELECT max(id) FROM reconciliation_reports) - {kept}", ct);
        metrics.Reconciliation("ran");
        return report;
    }

    /// <summary>The newest stored report, or null before the first run.</summary>
    public async Task<ReconciliationReport?> LatestAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        var latest = await db.Set<ReconciliationRecord>().AsNoTracking().OrderByDescending(r => r.Id).Select(r => r.Report).FirstOrDefaultAsync(ct);
        return latest is null ? null : JsonSerializer.Deserialize<ReconciliationReport>(latest, JsonSerializerOptions.Web);
    }

    private async Task<bool> TakeLockAsync(NpgsqlConnection session, bool wait, CancellationToken ct)
    {
        if (!wait)
        {
            await using var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", session) { Parameters = { new("key", LockKey) } };
            return (bool)(await tryLock.ExecuteScalarAsync(ct))!;
        }

        var timeout = (long)options.Value.LockWait.TotalMilliseconds;
        await using var setTimeout = new NpgsqlCommand($"SET lock_timeout = {timeout}", session);
        await setTimeout.ExecuteNonQueryAsync(ct);
        try
        {
            await using var takeLock = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", session) { Parameters = { new("key", LockKey) } };
            await takeLock.ExecuteNonQueryAsync(ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == LockTimeoutState)
        {
            return false;
        }
    }
}

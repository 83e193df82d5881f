using System.Globalization;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.Metrics;
using FlashSale.Inventory.StockStrategies;
using Microsoft.EntityFrameworkCore;

namespace FlashSale.Inventory.Reconciliation;

/// <summary>
/// Compares one sale's stores and repairs Redis from PostgreSQL only where the drift is proven:
/// <list type="bullet">
/// <item>the live stock is missing (a flush mid-sale): purchases are refused without it, so nothing was admitted
/// since; it is rebuilt as PostgreSQL's available minus the reservations still awaiting their commit;</item>
/// <item>it differs while the sale is quiet (<see cref="SaleStockSnapshot.Quiet"/>): set to PostgreSQL's available.</item>
/// </list>
/// Both repairs run under the sale's row lock — no commit, release or row-lock purchase is half done
/// meanwhile — and re-check Redis in the writing script. Anything else is reported, not touched.
/// </summary>
public sealed class StockReconciler(SaleStockReader reader, LiveStockRepair repair, InventoryMetrics metrics, ILogger<StockReconciler> logger)
{
    public async Task<SaleReconciliation?> ReconcileAsync(InventoryDbContext db, long saleId, DateTimeOffset now, CancellationToken ct)
    {
        if (await reader.ReadAsync(db, saleId, ct) is not { } found)
        {
            return null;
        }

        if (!found.DatabaseAgrees)
        {
            metrics.DriftFound(Findings.DatabaseDisagrees);
            logger.LogError("Sale {SaleId}: PostgreSQL's counters (initial {Initial}, available {Available}, sold {Sold}) disagree with its reservation rows (held {Held}, sold {RowsSold})",
                saleId, found.InitialStock, found.AvailableInDatabase, found.SoldUnits, found.UnitsHeldByRows, found.UnitsSoldByRows);
            return Report(found, repaired: false, Findings.DatabaseDisagrees);
        }

        if (found.AvailableInCache is null)
        {
            return await RepairAsync(db, found, Findings.CacheMissing, available =>
                repair.RestoreAsync(saleId, Math.Max(0, available - found.UnitsAwaitingCommit), () => UnitsPerUserAsync(db, saleId, ct), now), ct);
        }

        if (found.Drift == 0 && found.SegmentsAgree)
        {
            return Report(found, repaired: false, Findings.Consistent);
        }

        if (!found.Quiet)
        {
            metrics.DriftFound(Findings.Unproven);
            logger.LogWarning("Sale {SaleId}: Redis has {Cache} available, PostgreSQL expects {Expected}, with {Awaiting} order(s) in flight; not repaired",
                saleId, found.AvailableInCache, found.ExpectedInCache, found.OrdersAwaitingCommit);
            return Report(found, repaired: false, Findings.Unproven);
        }

        return await RepairAsync(db, found, Findings.CacheDiffers,
            available => repair.ResetAsync(saleId, found.AvailableInCache.Value, found.StreamLength, available), ct);
    }

    private async Task<SaleReconciliation> RepairAsync(InventoryDbContext db, SaleStockSnapshot found, string finding, Func<int, Task<bool>> write, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var available = (await db.Database.SqlQuery<int>($"SELECT available_stock AS \"Value\" FROM sales WHERE id = {found.SaleId} FOR UPDATE").ToListAsync(ct)).Single();
        if (finding == Findings.CacheDiffers && found.AvailableInCache == available && found.SegmentsAgree)
        {
            // A release was between its Redis step and its commit when the sale was read: it has committed now.
            return Report(found with { AvailableInDatabase = available }, repaired: false, Findings.Consistent);
        }

        metrics.DriftFound(finding);
        var repaired = await write(available);
        await tx.CommitAsync(ct);
        if (!repaired)
        {
            return Report(found, repaired: false, Findings.Moved);
        }

        metrics.DriftRepaired(finding);
        logger.LogWarning("Sale {SaleId}: live stock repaired from PostgreSQL ({Finding}): Redis had {Cache}, PostgreSQL has {Available} available",
            found.SaleId, finding, found.AvailableInCache?.ToString(CultureInfo.InvariantCulture) ?? "nothing", available);
        return Report(found with { AvailableInDatabase = available }, repaired: true, finding);
    }

    /// <summary>Units per shopper by PostgreSQL's rows, released ones included (a cancellation does not give the allowance back).</summary>
    private static async Task<List<(string UserId, int Units)>> UnitsPerUserAsync(InventoryDbContext db, long saleId, CancellationToken ct) =>
        (await db.Reservations.Where(r => r.SaleId == saleId).GroupBy(r => r.UserId)
            .Select(g => new { UserId = g.Key, Units = g.Sum(r => r.Quantity) }).ToListAsync(ct))
        .Select(u => (u.UserId, u.Units)).ToList();

    private static SaleReconciliation Report(SaleStockSnapshot s, bool repaired, string finding) => new(
        s.SaleId.ToString(CultureInfo.InvariantCulture), s.AvailableInCache, s.AvailableInDatabase, s.OpenRows + s.OrdersAwaitingCommit,
        s.SoldUnits, s.ReleasedUnits, s.Drift, repaired, s.Quiet, s.OrdersAwaitingCommit, finding);
}

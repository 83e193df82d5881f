using System.Globalization;
using System.Net;
using System.Text.Json;
using FlashSale.Contracts.Stock;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.Metrics;
using FlashSale.Inventory.Reconciliation;
using FlashSale.Inventory.StockStrategies;
using FlashSale.Inventory.Tests.Purchases;
using FlashSale.Inventory.Tests.StockLedger;
using FlashSale.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Npgsql;

namespace FlashSale.Inventory.Tests.Reconciliation;

/// <summary>Two replicas reconciling every second: one at a time, on their own.</summary>
public sealed class PeriodicReconciliationInstances : TwoInstancesFixture
{
    public override string Strategy => RedisLuaStrategy.Name;

    protected override IDictionary<string, string?> StrategySettings => new Dictionary<string, string?>
    {
        ["Reconciliation:Interval"] = "00:00:01",
        ["Reconciliation:LockWait"] = "00:00:01",
    };
}

public sealed class PeriodicReconciliationTests(PeriodicReconciliationInstances fixture) : IClassFixture<PeriodicReconciliationInstances>
{
    [Fact]
    public async Task The_background_run_rebuilds_a_flushed_sale_by_itself()
    {
        using var repairs = new CollectorOnEveryInstance(fixture, "flashsale.reconciliation.drift_repaired");
        var sale = await fixture.CreateSaleAsync(stock: 4, perUserLimit: 1);
        var saleId = long.Parse(sale.Id, CultureInfo.InvariantCulture);
        var orders = await Shoppers.BuyAsync(fixture, sale.Id, "periodic", 1, 1);
        await fixture.WaitForHandledAsync(await Task.WhenAll(orders.Select(o => fixture.SendAsync(new CommitStock(o.Id, saleId, o.UserId, 1)))));

        await fixture.FlushSaleAsync(saleId, orders.Select(o => o.Id));

        await Eventually.HoldsAsync(async () => (await fixture.StockAsync(sale.Id)).AvailableInCache == 2, "the stock to be rebuilt");
        // The run stores its report once it has been through every sale.
        await Eventually.HoldsAsync(async () => (await StoredReportsAsync())
            .Any(r => r.Sales.Any(s => s.SaleId == sale.Id && s.Repaired && s.Finding == Findings.CacheMissing)), "a stored report to tell of the repair");
        Assert.Equal(1, repairs.Total);
        Assert.Equal(2, (await Shoppers.RaceAsync(fixture, sale.Id, "periodic-race", 4)).Count(s => s == HttpStatusCode.Accepted));
    }

    [Fact]
    public async Task While_one_replica_holds_the_reconciliation_lock_the_others_skip_and_an_admin_gets_a_503()
    {
        using var runs = new CollectorOnEveryInstance(fixture, "flashsale.reconciliation.runs");
        // Another replica's session (unpooled: closing it ends the session, as a crash would).
        var session = new NpgsqlConnectionStringBuilder(fixture.Scope.ConnectionString("inventory")) { Pooling = false }.ConnectionString;
        await using (var holder = new NpgsqlConnection(session))
        {
            await holder.OpenAsync();
            await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", holder) { Parameters = { new("key", ReconciliationRunner.LockKey) } };
            await take.ExecuteNonQueryAsync();
            var ranBefore = runs.Count("ran");

            foreach (var instance in fixture.Instances)
            {
                Assert.Null(await instance.Services.GetRequiredService<ReconciliationRunner>().RunAsync(waitForLock: false, CancellationToken.None));
            }

            using var admin = fixture.Instances[0].CreateClientFor(TestTokens.Admin());
            var busy = await admin.PostAsync("/api/admin/reconciliation", null);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.NotNull(busy.Headers.RetryAfter);
            Assert.Contains("/problems/busy", await busy.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // Both replicas' timers tick meanwhile, and skip.
            await Eventually.HoldsAsync(() => runs.Count("skipped") >= 6, "both replicas' timers to tick and skip");
            Assert.Equal(ranBefore, runs.Count("ran"));
        }

        // The lock ends with the holder's session.
        Assert.NotNull(await fixture.Instances[1].Services.GetRequiredService<ReconciliationRunner>().RunAsync(waitForLock: true, CancellationToken.None));
    }

    private async Task<List<ReconciliationReport>> StoredReportsAsync()
    {
        await using var scope = fixture.Instances[0].Services.CreateAsyncScope();
        var reports = await TwoInstancesFixture.Database(scope).Set<ReconciliationRecord>().AsNoTracking().Select(r => r.Report).ToListAsync();
        return reports.Select(r => JsonSerializer.Deserialize<ReconciliationReport>(r, JsonSerializerOptions.Web)!).ToList();
    }

    /// <summary>One instrument's measurements on every instance.</summary>
    private sealed class CollectorOnEveryInstance(TwoInstancesFixture fixture, string instrument) : IDisposable
    {
        private readonly List<MetricCollector<long>> _collectors = fixture.Instances
            .Select(i => new MetricCollector<long>(i.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), InventoryMetrics.MeterName, instrument))
            .ToList();

        public long Total => _collectors.Sum(c => c.GetMeasurementSnapshot().Sum(m => m.Value));

        public int Count(string outcome) =>
            _collectors.Sum(c => c.GetMeasurementSnapshot().Count(m => Equals(m.Tags.GetValueOrDefault("outcome"), outcome)));

        public void Dispose() => _collectors.ForEach(c => c.Dispose());
    }
}

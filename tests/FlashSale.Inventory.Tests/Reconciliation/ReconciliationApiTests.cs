using System.Net;
using System.Net.Http.Json;
using FlashSale.Inventory.Reconciliation;
using FlashSale.Testing;

namespace FlashSale.Inventory.Tests.Reconciliation;

public sealed class ReconciliationApiTests(InventoryServiceFixture fixture) : IClassFixture<InventoryServiceFixture>
{
    [Fact]
    public async Task Reports_are_for_admins_404_before_the_first_run_then_the_latest_one()
    {
        using var admin = fixture.Admin();
        using var shopper = fixture.Factory.CreateClientFor(TestTokens.Shopper("curious"));
        using var anonymous = fixture.Factory.CreateClient();

        var none = await admin.GetAsync("/api/admin/reconciliation");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/problems/reconciliation-not-found", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await shopper.PostAsync("/api/admin/reconciliation", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/admin/reconciliation")).StatusCode);

        var sale = await fixture.CreateSaleAsync(DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(1), stock: 7);
        var run = await admin.PostAsync("/api/admin/reconciliation", null);
        var report = await run.Content.ReadFromJsonAsync<ReconciliationReport>();
        var latest = await admin.GetFromJsonAsync<ReconciliationReport>("/api/admin/reconciliation");

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal(new SaleReconciliation(sale.Id, 7, 7, 0, 0, 0, 0, false, true, 0, Findings.Consistent), Assert.Single(report!.Sales));
        Assert.Equal(report.At, latest!.At);
        Assert.Equal(report.Sales, latest.Sales);
    }
}

using System.Net.Http.Json;
using FlashSale.Inventory.Sales;
using FlashSale.Testing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FlashSale.Inventory.Tests;

/// <summary>
/// The inventory service on real PostgreSQL + Redis, counting its SQL commands; the background jobs
/// (warm-up, the relay's sale list) query PostgreSQL only once, at start, so counts measure requests.
/// </summary>
public class InventoryServiceFixture() : ServiceFixture<Program>("inventory")
{
    public CommandCounter Commands { get; } = new();

    protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["WarmUp:Interval"] = "01:00:00",
        ["WarmUp:Window"] = "02:00:00",
        ["ReservationRelay:SaleRefreshInterval"] = "01:00:00",
        ["BloomFilter:ExpectedItems"] = "100000",
        ["Reconciliation:Interval"] = "01:00:00",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IInterceptor>(Commands);

    public HttpClient Admin() => Factory.CreateClientFor(TestTokens.Admin());

    public async Task<SaleResponse> CreateSaleAsync(
        DateTimeOffset startsAt, DateTimeOffset endsAt, int stock = 100, int perUserLimit = 1, string humanCheck = "none", int? humanCheckMaxNumber = null)
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("/api/admin/sales", new
        {
            sku = "SKU-T",
            name = "Test sale",
            price = 9.90m,
            stock,
            startsAt,
            endsAt,
            perUserLimit,
            humanCheck,
            humanCheckMaxNumber,
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SaleResponse>())!;
    }
}

/// <summary>The same, with the warm-up job running every second (it warms sales starting within 10 minutes).</summary>
public sealed class RunningWarmUpFixture : InventoryServiceFixture
{
    protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["WarmUp:Interval"] = "00:00:01",
        ["WarmUp:Window"] = "00:10:00",
        ["Reconciliation:Interval"] = "01:00:00",
    };
}

/// <summary>The inventory service with a clock the test moves (purchase-token start and end instants).</summary>
public sealed class FakeClockInventoryFixture : InventoryServiceFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton<TimeProvider>(Clock);
    }
}

/// <summary>The inventory service started while its Redis does not answer (a closed port).</summary>
public sealed class DeadRedisFixture : InventoryServiceFixture
{
    protected override IDictionary<string, string?> Overrides => new Dictionary<string, string?>
    {
        ["Redis:Configuration"] = $"127.0.0.1:{HostProcess.FreePort()}",
        ["Reconciliation:Interval"] = "01:00:00",
    };
}

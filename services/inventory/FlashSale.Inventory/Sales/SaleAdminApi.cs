using System.Globalization;
using FlashSale.BuildingBlocks.Ids;
using FlashSale.Inventory.BloomFilter;
using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Data;
using FlashSale.Inventory.WarmUp;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace FlashSale.Inventory.Sales;

/// <summary>
/// GET /api/admin/sales/{id}/stock. Once the system is quiet:
/// availableInDatabase + reserved + sold == initialStock and availableInCache == availableInDatabase.
/// </summary>
public sealed record SaleStockResponse(
    string SaleId, int InitialStock, long? AvailableInCache, int AvailableInDatabase, int Reserved, int Sold, int Released);

public static class SaleAdminApi
{
    public static IEndpointRouteBuilder MapSaleAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/sales").WithTags("Sales admin").RequireAdmin();
        admin.MapPost("/", CreateSale).WithName("CreateSale").ProducesProblems("validation", "unavailable");
        admin.MapGet("/{id}/stock", GetStock).WithName("GetSaleStock").ProducesProblems("sale-not-found", "unavailable");
        return app;
    }

    /// <summary>
    /// Order of writes: the id enters the Bloom filter first (a failure after it leaves only a false
    /// positive), then the row commits, then the cache is warmed and the list invalidated.
    /// </summary>
    public static async Task<Results<Created<SaleResponse>, ProblemHttpResult>> CreateSale(
        CreateSaleRequest? request, InventoryDbContext db, IIdGenerator ids, TimeProvider time,
        BloomFilterMaintenance bloom, SaleWarmer warmer, SaleCatalog catalog, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (request is null)
        {
            return ServiceDefaults.Problems.ProblemTypes.Validation("body", "a JSON sale is required.");
        }

        if (request.Validate(now) is { } problem)
        {
            return problem;
        }

        var sale = new Sale
        {
            Id = ids.NextId(),
            Sku = request.Sku!.Trim(),
            Name = request.Name!.Trim(),
            Price = request.Price!.Value,
            InitialStock = request.Stock!.Value,
            AvailableStock = request.Stock!.Value,
            StartsAt = request.StartsAt!.Value.ToUniversalTime(),
            EndsAt = request.EndsAt!.Value.ToUniversalTime(),
            PerUserLimit = request.PerUserLimit!.Value,
            CreatedAt = now,
            HumanCheck = request.HumanCheckKind,
            HumanCheckMaxNumber = request.EffectiveHumanCheckMaxNumber,
        };

        await bloom.EnsureContainsAsync(sale.Id, ct);
        db.Sales.Add(sale);
        await db.SaveChangesAsync(ct);
        await warmer.WarmAsync(sale, justCreated: true);
        await catalog.InvalidateListAsync();

        var view = SaleView.From(sale);
        var id = sale.Id.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Created($"/api/sales/{id}", SaleResponse.From(view, view.StatusAt(now, sale.AvailableStock)));
    }

    public static async Task<Results<Ok<SaleStockResponse>, ProblemHttpResult>> GetStock(
        string id, InventoryDbContext db, IConnectionMultiplexer redis, SaleKeys keys, CancellationToken ct)
    {
        if (!SaleIds.TryParse(id, out var saleId) || await db.Sales.AsNoTracking().FirstOrDefaultAsync(s => s.Id == saleId, ct) is not { } sale)
        {
            return SaleProblems.NotFound(id);
        }

        var cached = await redis.GetDatabase().StringGetAsync(keys.Stock(saleId));
        return TypedResults.Ok(new SaleStockResponse(
            id, sale.InitialStock, cached.TryParse(out long inCache) ? inCache : null, sale.AvailableStock,
            sale.ReservedUnits, sale.SoldUnits, sale.ReleasedUnits));
    }
}

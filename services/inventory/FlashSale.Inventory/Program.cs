using FlashSale.Inventory;
using FlashSale.Inventory.Purchases;
using FlashSale.Inventory.PurchaseTokens;
using FlashSale.Inventory.Reconciliation;
using FlashSale.Inventory.Reservations;
using FlashSale.Inventory.Sales;
using FlashSale.Inventory.ServerTime;
using FlashSale.ServiceDefaults;
using FlashSale.ServiceDefaults.Problems;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseFlashSaleProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapServerTimeApi();
app.MapSaleCatalogApi();
app.MapSaleAdminApi();
app.MapPurchaseTokenApi();
app.MapPurchaseApi();
app.MapReservationLookupApi();
app.MapReconciliationApi();
app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

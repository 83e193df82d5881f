using FlashSale.ServiceDefaults;
using FlashSale.ServiceDefaults.Problems;
using FlashSale.Wallet;
using FlashSale.Wallet.Funds;
using FlashSale.Wallet.Wallets;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseFlashSaleProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapWalletApi();
app.MapFundsAdminApi();
app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

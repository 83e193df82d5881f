using FlashSale.Payment;
using FlashSale.Payment.Payments;
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
app.MapPaymentApi();
app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

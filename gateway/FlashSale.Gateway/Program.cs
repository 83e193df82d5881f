using FlashSale.Gateway;
using FlashSale.Gateway.DevTokens;
using FlashSale.ServiceDefaults;
using FlashSale.ServiceDefaults.Problems;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();
app.UseFlashSaleProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
// After authorization: a request without a valid token gets its 401 and uses up no one's limit.
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapDevTokenIssuer();
app.MapReverseProxy();
app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

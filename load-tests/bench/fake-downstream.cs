#:sdk Microsoft.NET.Sdk.Web

// The services behind the gateway, for the rate limiter benchmark (rate-limiter.sh): every POST to
// /api/sales/{id}/{action} is accepted at once with the body inventory's purchase answers, so the
// figures measure the gateway, not a service. Usage: dotnet run fake-downstream.cs -- --urls http://127.0.0.1:PORT
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
const string Accepted = """{"orderId":"1","status":"pending"}""";
app.MapPost("/api/sales/{id}/{action}", () => TypedResults.Text(Accepted, "application/json", statusCode: StatusCodes.Status202Accepted));
app.MapGet("/health/ready", () => TypedResults.Ok());
app.Run();

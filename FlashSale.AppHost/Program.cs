using FlashSale.AppHost;

// The whole system for a .NET developer: servers started natively by the project's own script, the five hosts as
// projects (Aspire builds and runs them, and points their OTLP exporters at its dashboard), on the ports
// ./flashsale.sh uses. Run: dotnet run --project FlashSale.AppHost (README, "Seeing it").
var builder = DistributedApplication.CreateBuilder(args);
var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));

// PostgreSQL, Redis x4 and RabbitMQ: installed (apt) and started by ./flashsale.sh servers, idempotent; it exits when
// they answer, and every host waits for that. Container resources would need a Docker engine this project does not assume.
var servers = builder.AddExecutable("servers", "bash", root, "flashsale.sh", "servers");
var postgres = builder.AddParameter("postgres", ServerSettings.Postgres, secret: true);
var redis = builder.AddParameter("redis", ServerSettings.Redis);
var redlock = builder.AddParameter("redlock", ServerSettings.RedlockEndpoints);
var rabbitMq = builder.AddParameter("rabbitmq", ServerSettings.RabbitMq, secret: true);

IResourceBuilder<ProjectResource> Host<TProject>(string name, string portVariable, int port, int workerId)
    where TProject : IProjectMetadata, new()
{
    var host = builder.AddProject<TProject>(name, launchProfileName: null)
        .WithHttpEndpoint(port: ServerSettings.Port(portVariable, port), isProxied: false);
    // "Urls" as well as ASPNETCORE_URLS: a host's appsettings.json may name its own (the gateway's 8080), and that wins over the latter.
    return host.WithEnvironment("Urls", host.GetEndpoint("http"))
        .WithHttpHealthCheck("/health/ready")
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
        .WithEnvironment("Ids__WorkerId", workerId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithEnvironment("Postgres__Server", postgres)
        .WithEnvironment("Redis__Configuration", redis)
        .WithEnvironment("Redis__RedlockEndpoints", redlock)
        .WithEnvironment("RabbitMq__Uri", rabbitMq)
        .WaitForCompletion(servers);
}

var inventory = Host<Projects.FlashSale_Inventory>("inventory", "FS_INVENTORY_PORT", 8081, workerId: 1);
var order = Host<Projects.FlashSale_Order>("order", "FS_ORDER_PORT", 8082, workerId: 2);
var payment = Host<Projects.FlashSale_Payment>("payment", "FS_PAYMENT_PORT", 8083, workerId: 3);
var wallet = Host<Projects.FlashSale_Wallet>("wallet", "FS_WALLET_PORT", 8084, workerId: 4);
IResourceBuilder<ProjectResource>[] services = [inventory, order, payment, wallet];
foreach (var service in services)
{
    foreach (var peer in services)
    {
        service.WithEnvironment($"Services__{peer.Resource.Name}", peer.GetEndpoint("http"));
    }
}

var gateway = Host<Projects.FlashSale_Gateway>("gateway", "FS_GATEWAY_PORT", 8080, workerId: 5)
    .WithExternalHttpEndpoints();
foreach (var service in services)
{
    gateway.WithEnvironment($"Services__{service.Resource.Name}", service.GetEndpoint("http")).WaitFor(service);
}

builder.Build().Run();

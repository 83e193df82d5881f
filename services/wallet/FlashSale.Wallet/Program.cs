using FlashSale.ServiceDefaults;
using FlashSale.Wallet;

// What the service wires and maps is in Extensions.cs; the pipeline every host shares is ServiceHost's.
ServiceHost.Run(args, builder => builder.AddApplicationServices(), app => app.MapApplicationEndpoints());

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

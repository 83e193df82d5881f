namespace FlashSale.Deployment.Tests.Support;

/// <summary>The key sets the manifest checks compare against come from each host's own code and settings.</summary>
public sealed class HostConfigurationKeysTests
{
    [Fact]
    public void A_host_reads_the_keys_of_its_options_appsettings_and_framework_and_nothing_else()
    {
        var gateway = HostConfigurationKeys.Of(HostProjects.Named("gateway"));
        var inventory = HostConfigurationKeys.Of(HostProjects.Named("inventory"));

        Assert.True(gateway.Reads("Auth__Jwt__SigningKey"));                          // JwtOptions, shared by every host
        Assert.True(gateway.Reads("RateLimiting__Purchases__PerUser__PermitLimit"));  // the gateway's own options, nested
        Assert.True(gateway.Reads("Services__wallet"));                               // appsettings.json, read by name
        Assert.True(gateway.Reads("ASPNETCORE_ENVIRONMENT"));                         // the host's "environment"
        Assert.True(gateway.Reads("OTEL_EXPORTER_OTLP_ENDPOINT"));                    // the OTLP exporter's own variable
        Assert.False(gateway.Reads("Postgres__Server"));                              // the gateway has no database
        Assert.False(gateway.Reads("RateLimiting__Purchases__PerUsr__PermitLimit"));  // a typo
        Assert.True(inventory.Reads("Postgres__Server"));
        Assert.True(inventory.Reads("Purchases__Strategy"));
        Assert.False(inventory.Reads("RateLimiting__Purchases__PerUser__PermitLimit"));
    }
}

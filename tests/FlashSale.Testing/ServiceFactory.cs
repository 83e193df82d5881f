using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FlashSale.Testing;

/// <summary>
/// A FlashSale service in-process (WebApplicationFactory) on the real servers of a <see cref="TestScope"/>.
/// Settings go in through UseSetting so Program.cs sees them while it builds.
/// </summary>
public class ServiceFactory<TProgram>(
    TestScope scope, string service, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<TProgram> where TProgram : class
{
    public TestScope Scope { get; } = scope;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in Scope.SettingsFor(service))
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }

    public HttpClient CreateClientFor(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

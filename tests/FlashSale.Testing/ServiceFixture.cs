using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FlashSale.Testing;

/// <summary>xunit class fixture: one service in-process on its own isolated databases, vhost and key prefix.</summary>
public abstract class ServiceFixture<TProgram>(string service) : IAsyncLifetime, IDisposable where TProgram : class
{
    private TestScope? _scope;
    private ServiceFactory<TProgram>? _factory;

    public TestScope Scope => _scope ?? throw new InvalidOperationException("The fixture is not initialised.");
    public ServiceFactory<TProgram> Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialised.");

    protected virtual IDictionary<string, string?> Overrides => new Dictionary<string, string?>();

    /// <summary>Test doubles of pure collaborators only (clocks, counters); storage stays real.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Runs before the host is built: start stand-in peers whose addresses go into <see cref="Overrides"/>.</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    protected virtual ValueTask AfterStopAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync()
    {
        await BeforeStartAsync();
        _scope = await TestScope.CreateAsync();
        _factory = new ServiceFactory<TProgram>(_scope, service, Overrides, ConfigureServices);
        // Starts the host: migrations run and the bus connects before the first test.
        _factory.CreateClient().Dispose();
    }

    public void Dispose()
    {
        _factory?.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_scope is not null)
        {
            await _scope.DisposeAsync();
        }

        await AfterStopAsync();
    }
}

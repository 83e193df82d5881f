using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Observability;

/// <summary>A whole system whose five hosts export their telemetry to an Aspire dashboard of its own.</summary>
[CollectionDefinition(Name)]
public sealed class ObservedSystem : ICollectionFixture<ObservedSystemFixture>
{
    public const string Name = "observed-system";
}

public sealed class ObservedSystemFixture : IAsyncLifetime
{
    private DashboardProcess? _dashboard;
    private FlashSaleSystem? _system;

    public DashboardProcess Dashboard => _dashboard ?? throw new InvalidOperationException("The dashboard is not started.");
    public FlashSaleSystem System => _system ?? throw new InvalidOperationException("The system is not started.");

    public async Task InitializeAsync()
    {
        _dashboard = await DashboardProcess.StartAsync();
        _system = await FlashSaleSystem.StartAsync(_dashboard.ExportSettings);
    }

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }

        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
        }
    }
}

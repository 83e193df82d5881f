using FlashSale.Testing;

// Each collection starts its own whole system; one at a time on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace FlashSale.EndToEnd.Tests;

/// <summary>
/// One whole running system (five processes) shared by every end-to-end class: they run one after
/// another in the "system" collection, so a 2-core machine never starts several systems at once. Tests
/// that kill a process start it again before they end.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedSystem : ICollectionFixture<FlashSaleSystemFixture>
{
    public const string Name = "system";
}

public class FlashSaleSystemFixture : IAsyncLifetime
{
    private FlashSaleSystem? _system;

    public FlashSaleSystem System => _system ?? throw new InvalidOperationException("The system is not started.");

    /// <summary>Settings every host of this fixture's system gets on top of the test scope's.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync() => _system = await FlashSaleSystem.StartAsync(Settings);

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }
}

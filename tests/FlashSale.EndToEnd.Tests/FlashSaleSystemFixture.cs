using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests;

/// <summary>A whole running system (five processes) per test class that uses it.</summary>
public class FlashSaleSystemFixture : IAsyncLifetime
{
    private FlashSaleSystem? _system;

    public FlashSaleSystem System => _system ?? throw new InvalidOperationException("The system is not started.");

    public async Task InitializeAsync() => _system = await FlashSaleSystem.StartAsync();

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }
}

using FlashSale.Contracts;
using FlashSale.Contracts.Purchases;
using FlashSale.Inventory.StockStrategies;
using FlashSale.Testing;

namespace FlashSale.Inventory.Tests.StockStrategies;

/// <summary>The shell reads the strategy and queue names out of the C# sources (ops/config.sh): what it reads must be what the code defines.</summary>
public sealed class ShellNamesTests
{
    [Fact]
    public async Task The_shell_reads_the_strategy_names_in_order_with_the_default_first()
    {
        var names = await OpsShell.RunAsync("echo \"$FS_STOCK_STRATEGIES\"");

        Assert.Equal(StockStrategyRegistration.Names, names.Split(' '));
        Assert.Equal(new StockStrategyOptions().Strategy, names.Split(' ')[0]);
    }

    [Fact]
    public async Task The_shell_reads_every_queue_of_the_saga()
    {
        var queues = await OpsShell.RunAsync("echo \"$FS_SAGA_QUEUES\"");

        Assert.Equal(
            new[] { PurchaseQueues.OrderPurchaseReserved, ServiceQueues.InventoryStock, ServiceQueues.OrderSaga, ServiceQueues.WalletFunds, ServiceQueues.PaymentProvider }.Order(),
            queues.Split(' ').Order());
    }
}

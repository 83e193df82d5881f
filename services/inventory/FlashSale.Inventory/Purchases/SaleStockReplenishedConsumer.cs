using FlashSale.Contracts.Purchases;
using MassTransit;

namespace FlashSale.Inventory.Purchases;

/// <summary>Every inventory instance re-opens its sold-out flag when units come back.</summary>
public sealed class SaleStockReplenishedConsumer(SoldOutFlags flags) : IConsumer<SaleStockReplenished>
{
    public Task Consume(ConsumeContext<SaleStockReplenished> context)
    {
        flags.Lower(context.Message.SaleId);
        return Task.CompletedTask;
    }
}

namespace FlashSale.Contracts.Stock;

/// <summary>Inventory → order saga: the units are back in stock (also sent again for a repeated command).</summary>
public sealed record StockReleased(long OrderId, long SaleId, int Quantity);

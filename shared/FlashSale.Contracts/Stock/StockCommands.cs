namespace FlashSale.Contracts.Stock;

/// <summary>Order saga → inventory: the order exists; make its hold durable in PostgreSQL's stock.</summary>
public sealed record CommitStock(long OrderId, long SaleId, string UserId, int Quantity);

/// <summary>
/// Order saga → inventory: the order was cancelled; give its units back to PostgreSQL (if committed)
/// and to Redis's live stock, exactly once however often this arrives, even before <see cref="CommitStock"/>.
/// </summary>
public sealed record ReleaseStock(long OrderId, long SaleId, string UserId, int Quantity, string Reason);

/// <summary>Order saga → inventory: the order is paid; its committed units count as sold. Idempotent.</summary>
public sealed record MarkStockSold(long OrderId, long SaleId);

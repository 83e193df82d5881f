namespace FlashSale.Contracts.Purchases;

/// <summary>
/// Inventory admitted a purchase and holds its units. Published at least once (the relay re-sends
/// after a crash), so consumers deduplicate by <see cref="OrderId"/>.
/// </summary>
public sealed record PurchaseReserved(
    long OrderId,
    long SaleId,
    string UserId,
    int Quantity,
    decimal UnitPrice,
    DateTimeOffset ReservedAt);

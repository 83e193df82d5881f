namespace FlashSale.Contracts.Purchases;

/// <summary>
/// HTTP contract of inventory's <c>GET /internal/reservations/{orderId}</c> (docs/api.md): an admitted reservation whose
/// order is not created yet, as the order service reads it to answer a shopper with "pending". Ids as strings, as in
/// every JSON answer of the API (JavaScript numbers cannot hold a snowflake id).
/// </summary>
public sealed record ReservationView(string OrderId, string SaleId, string UserId, int Quantity, decimal UnitPrice);

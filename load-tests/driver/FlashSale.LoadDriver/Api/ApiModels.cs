namespace FlashSale.LoadDriver.Api;

/// <summary>POST /api/admin/sales body.</summary>
public sealed record SaleSpec(string Sku, string Name, decimal Price, int Stock, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int PerUserLimit);

/// <summary>The part of the 201 answer the driver needs.</summary>
public sealed record CreatedSale(string Id);

/// <summary>GET /api/admin/sales/{id}/stock.</summary>
public sealed record StockView(string SaleId, int InitialStock, long? AvailableInCache, int AvailableInDatabase, int Reserved, int Sold, int Released);

/// <summary>POST /api/sales/{id}/purchase-token answer.</summary>
public sealed record PurchaseToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>The 202 answer of a purchase.</summary>
public sealed record PurchaseAccepted(string OrderId, string Status);

namespace FlashSale.Inventory.Purchases;

/// <summary>POST /api/sales/{id}/purchases body.</summary>
public sealed record PurchaseRequest(string? Token, int? Quantity);

/// <summary>202 body: the order id to poll at /api/orders/{orderId}.</summary>
public sealed record PurchaseAccepted(string OrderId, string Status);

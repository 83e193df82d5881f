namespace FlashSale.LoadDriver.Api;

/// <summary>POST /api/admin/sales body.</summary>
public sealed record SaleSpec(
    string Sku, string Name, decimal Price, int Stock, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int PerUserLimit,
    string HumanCheck = HumanChecks.None, int? HumanCheckMaxNumber = null);

/// <summary>The sale's human check (docs/api.md).</summary>
public static class HumanChecks
{
    public const string None = "none";
    public const string ProofOfWork = "proof-of-work";

    /// <summary>The values a command's human-check option takes.</summary>
    public static readonly IReadOnlyDictionary<string, string> Choices = new Dictionary<string, string>
    {
        [None] = None,
        [ProofOfWork] = ProofOfWork,
    };
}

/// <summary>GET /api/sales/{id}: the fields the driver acts on.</summary>
public sealed record SaleInfo(string Id, string HumanCheck, int? HumanCheckMaxNumber);

/// <summary>GET /api/sales/{id}/challenge: an ALTCHA-format proof-of-work challenge.</summary>
public sealed record ProofOfWorkChallenge(
    string Algorithm, string Challenge, [property: System.Text.Json.Serialization.JsonPropertyName("maxnumber")] int MaxNumber,
    string Salt, string Signature, DateTimeOffset ExpiresAt);

/// <summary>The part of the 201 answer the driver needs.</summary>
public sealed record CreatedSale(string Id);

/// <summary>GET /api/admin/sales/{id}/stock.</summary>
public sealed record StockView(string SaleId, int InitialStock, long? AvailableInCache, int AvailableInDatabase, int Reserved, int Sold, int Released);

/// <summary>POST /api/sales/{id}/purchase-token answer: the token and the sale's purchase path, unknown before the start.</summary>
public sealed record PurchaseToken(string Token, DateTimeOffset ExpiresAt, string PurchaseUrl);

/// <summary>The 202 answer of a purchase.</summary>
public sealed record PurchaseAccepted(string OrderId, string Status);

/// <summary>GET /api/orders/{id}: the fields a shopper acts on.</summary>
public sealed record OrderView(string Id, string Status, string? CancelReason);

/// <summary>GET /api/wallet.</summary>
public sealed record WalletView(string UserId, decimal Balance, decimal Frozen);

/// <summary>POST /api/admin/reconciliation: one sale as reconciliation found it.</summary>
public sealed record SaleReconciliation(
    string SaleId, long? AvailableInCache, int AvailableInDatabase, int OrdersOpen, int UnitsSold, int UnitsReleased,
    long Drift, bool Repaired, string? Finding);

/// <summary>POST /api/admin/reconciliation.</summary>
public sealed record ReconciliationReport(DateTimeOffset At, IReadOnlyList<SaleReconciliation> Sales);

/// <summary>The order statuses of docs/api.md; paid and cancelled are final.</summary>
public static class OrderStatuses
{
    public const string Pending = "pending";
    public const string AwaitingPayment = "awaitingPayment";
    public const string Paying = "paying";
    public const string Paid = "paid";
    public const string Cancelled = "cancelled";

    public static bool IsFinal(string? status) => status is Paid or Cancelled;
}

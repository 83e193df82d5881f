namespace FlashSale.Inventory.Purchases;

/// <summary>Everything one atomic reservation step needs; <see cref="OrderId"/> is issued before the attempt.</summary>
public sealed record ReservationRequest(
    long SaleId, string UserId, int Quantity, int PerUserLimit, decimal UnitPrice, string IdempotencyKey, long OrderId);

public enum ReservationOutcome
{
    Admitted,

    /// <summary>The same user sent the same Idempotency-Key before: the earlier order id, nothing reserved.</summary>
    Duplicate,
    SoldOut,
    LimitReached,

    /// <summary>The sale's live stock is not in Redis (flushed mid-sale): nothing can be decided until it is repaired.</summary>
    StockUnavailable,
}

public readonly record struct ReservationResult(ReservationOutcome Outcome, long OrderId);

/// <summary>
/// One atomic step that checks the per-user limit and the idempotency key, takes the units, and records
/// the reservation durably for the relay — or changes nothing. Strategies are chosen by configuration.
/// </summary>
public interface IStockReservation
{
    Task<ReservationResult> ReserveAsync(ReservationRequest request);
}

namespace FlashSale.Inventory.StockStrategies;

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
/// The configured way of reserving stock (<c>Purchases:Strategy</c>), and all the rest of the service needs to know
/// of it, so no other folder asks which strategy runs: the reserve step, the live stock's segment layout (warm-up,
/// give-back, repair and reconciliation write and read through it) and where PostgreSQL's units are taken.
/// The hand-over of an admitted reservation to the order saga is the strategy's own too: a Redis stream and the
/// <see cref="ReservationRelay"/> for the Redis strategies, inventory's outbox for postgres-row-lock
/// (registered by <see cref="StockStrategyRegistration"/>).
/// </summary>
public interface IStockStrategy
{
    /// <summary>The name configured in <c>Purchases:Strategy</c>.</summary>
    string Name { get; }

    /// <summary>
    /// One atomic step that checks the per-user limit and the idempotency key, takes the units, and records the
    /// reservation durably for the hand-over — or changes nothing.
    /// </summary>
    Task<ReservationResult> ReserveAsync(ReservationRequest request);

    /// <summary>The live stock's segments beside its total; <see cref="StockSegmentLayout.None"/> for most strategies.</summary>
    StockSegmentLayout Segments { get; }

    /// <summary>
    /// True when the purchase itself takes PostgreSQL's units (postgres-row-lock); false when Redis admits and
    /// PostgreSQL follows at the saga's CommitStock, so a live stock rebuilt from PostgreSQL after a flush must
    /// account for orders admitted but not committed yet.
    /// </summary>
    bool TakesDatabaseStockAtPurchase { get; }
}

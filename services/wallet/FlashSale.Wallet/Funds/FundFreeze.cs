namespace FlashSale.Wallet.Funds;

/// <summary>
/// The wallet's side of one order's payment (TCC), keyed by the order id: one freeze per order is one
/// payment per order. The row is written by whichever of Try and Cancel comes first, and then only moves
/// forward (Frozen → Charged or Cancelled), so a late or repeated command finds it and has no second effect.
/// </summary>
public sealed class FundFreeze
{
    public long OrderId { get; set; }

    /// <summary>The payment whose Try wrote the row; null when a Cancel came first (empty rollback).</summary>
    public long? PaymentId { get; set; }

    public required string UserId { get; set; }

    /// <summary>What the Try asked to freeze; 0 when a Cancel came first.</summary>
    public decimal Amount { get; set; }

    public FreezeStatus Status { get; set; }

    /// <summary>Why the Try was refused (<c>FundsRefusalReasons</c>), when <see cref="Status"/> is Refused.</summary>
    public string? RefusalReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the money was frozen; null if it never was (refused, or cancelled before any Try).</summary>
    public DateTimeOffset? FrozenAt { get; set; }

    public DateTimeOffset? ChargedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
}

public enum FreezeStatus
{
    /// <summary>Amount moved from the balance to frozen; waiting for Confirm or Cancel.</summary>
    Frozen,

    /// <summary>Confirmed: the frozen amount is spent. Final.</summary>
    Charged,

    /// <summary>Cancelled: unfrozen back to the balance, or cancelled before any Try (empty rollback). Final; a later Try is refused.</summary>
    Cancelled,

    /// <summary>The Try was refused (insufficient funds); nothing moved. Final.</summary>
    Refused,
}

namespace FlashSale.Contracts.Funds;

public sealed record FundsFrozen(long OrderId, long PaymentId, decimal Amount);

/// <summary>The Try was refused: <see cref="FundsRefusalReasons"/>. No money moved.</summary>
public sealed record FundsFreezeRefused(long OrderId, long PaymentId, string Reason);

/// <summary>The Cancel is done. <see cref="Outcome"/> is one of <see cref="UnfreezeOutcomes"/>.</summary>
public sealed record FundsUnfrozen(long OrderId, decimal Amount, string Outcome);

public static class FundsRefusalReasons
{
    public const string InsufficientFunds = "insufficient-funds";

    /// <summary>The Cancel arrived first (suspension): a late Try must never freeze money.</summary>
    public const string AlreadyCancelled = "already-cancelled";

    /// <summary>The Try names another user or amount than the order the saga announced: not what the saga asked for.</summary>
    public const string OrderMismatch = "order-mismatch";
}

public static class UnfreezeOutcomes
{
    public const string Unfrozen = "unfrozen";

    /// <summary>Nothing was frozen (empty rollback, or the Try was refused); recorded so a late Try is refused.</summary>
    public const string NothingFrozen = "nothing-frozen";

    /// <summary>The funds were already spent (Confirm ran first); the saga must not cancel a charged order.</summary>
    public const string AlreadyCharged = "already-charged";
}

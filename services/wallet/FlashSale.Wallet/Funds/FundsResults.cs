using FlashSale.Contracts.Funds;

namespace FlashSale.Wallet.Funds;

public enum TryOutcome
{
    Frozen,

    /// <summary>A repeated Try: the order's money was frozen before (and may since have been charged).</summary>
    AlreadyFrozen,

    InsufficientFunds,

    /// <summary>Suspension: the order's Cancel came first, so this Try must never freeze money.</summary>
    AlreadyCancelled,
}

public sealed record TryResult(TryOutcome Outcome, long PaymentId, decimal Amount)
{
    public bool IsFrozen => Outcome is TryOutcome.Frozen or TryOutcome.AlreadyFrozen;

    /// <summary>The contract's reason for a refused Try (<see cref="FundsRefusalReasons"/>).</summary>
    public string RefusalReason => Outcome switch
    {
        TryOutcome.InsufficientFunds => FundsRefusalReasons.InsufficientFunds,
        TryOutcome.AlreadyCancelled => FundsRefusalReasons.AlreadyCancelled,
        _ => throw new InvalidOperationException($"A {Outcome} Try was not refused."),
    };
}

public enum ConfirmOutcome
{
    Charged,
    AlreadyCharged,

    /// <summary>No money of the order is frozen (no Try, or a refused one): nothing is charged.</summary>
    NothingFrozen,

    /// <summary>The order's freeze was cancelled: its money went back to the balance and is not charged.</summary>
    AlreadyCancelled,
}

public sealed record ConfirmResult(ConfirmOutcome Outcome, decimal Amount)
{
    public bool IsCharged => Outcome is ConfirmOutcome.Charged or ConfirmOutcome.AlreadyCharged;
}

public enum CancelOutcome
{
    Unfrozen,

    /// <summary>A repeated Cancel of a freeze that was unfrozen before.</summary>
    AlreadyUnfrozen,

    /// <summary>No Try had arrived: the Cancel is recorded so a late Try is refused.</summary>
    EmptyRollback,

    /// <summary>The Try was refused, or a repeated Cancel of an empty rollback: nothing to unfreeze.</summary>
    NothingFrozen,

    /// <summary>Confirm came first: the money is spent and stays spent.</summary>
    AlreadyCharged,
}

/// <param name="Amount">Unfrozen amount; for <see cref="CancelOutcome.AlreadyCharged"/> the amount that was charged.</param>
public sealed record CancelResult(CancelOutcome Outcome, decimal Amount)
{
    /// <summary>The contract's outcome (<see cref="UnfreezeOutcomes"/>).</summary>
    public string ReplyOutcome => Outcome switch
    {
        CancelOutcome.Unfrozen or CancelOutcome.AlreadyUnfrozen => UnfreezeOutcomes.Unfrozen,
        CancelOutcome.AlreadyCharged => UnfreezeOutcomes.AlreadyCharged,
        _ => UnfreezeOutcomes.NothingFrozen,
    };
}

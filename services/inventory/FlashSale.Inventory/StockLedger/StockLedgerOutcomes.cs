using FlashSale.Inventory.StockStrategies;

namespace FlashSale.Inventory.StockLedger;

public enum CommitOutcome
{
    /// <summary>The units are now committed (taken from PostgreSQL's available stock, or already taken by the purchase).</summary>
    Committed,

    /// <summary>Committed or sold before: nothing changed.</summary>
    AlreadyCommitted,

    /// <summary>The order was released first: the release won, nothing is committed.</summary>
    ReleasedBefore,
}

/// <param name="Quantity">The order's units.</param>
/// <param name="LiveStock">What happened to Redis's live stock; null when the release changed nothing.</param>
public readonly record struct ReleaseResult(ReleaseOutcome Outcome, int Quantity, GiveBack? LiveStock);

public enum ReleaseOutcome
{
    /// <summary>The units went back to stock by this command.</summary>
    Released,

    /// <summary>Released before: nothing changed.</summary>
    AlreadyReleased,

    /// <summary>The order is paid: sold units are never released.</summary>
    Sold,

    /// <summary>
    /// Inventory holds no record of admitting this order (no row, no Redis index): a forged or misrouted command.
    /// Nothing changes and nothing is answered; the release is logged.
    /// </summary>
    NeverAdmitted,
}

public enum SellOutcome
{
    Sold,
    AlreadySold,

    /// <summary>The order was released: its units may already be someone else's; nothing is sold.</summary>
    Released,
}

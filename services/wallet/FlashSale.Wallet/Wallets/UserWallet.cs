namespace FlashSale.Wallet.Wallets;

/// <summary>
/// A shopper's money in three places: spendable <see cref="Balance"/>, <see cref="Frozen"/> by payments in
/// flight (TCC Try) and <see cref="Spent"/> by paid orders (TCC Confirm). Money only moves between them, so
/// balance + frozen + spent always equals what was opened and credited.
/// </summary>
public sealed class UserWallet
{
    public required string UserId { get; set; }
    public decimal Balance { get; set; }
    public decimal Frozen { get; set; }
    public decimal Spent { get; set; }
    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>Optimistic concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; set; }
}

/// <summary>
/// Every movement of money, with the wallet's three amounts right after it, so a wallet's history always
/// explains its state. <see cref="Amount"/> is never negative; <see cref="Kind"/> says where it moved.
/// </summary>
public sealed class LedgerEntry
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public LedgerEntryKind Kind { get; set; }
    public decimal Amount { get; set; }

    /// <summary>The order whose payment moved the money (freeze, charge, unfreeze).</summary>
    public long? OrderId { get; set; }

    public decimal BalanceAfter { get; set; }
    public decimal FrozenAfter { get; set; }
    public decimal SpentAfter { get; set; }
    public DateTimeOffset At { get; set; }
}

public enum LedgerEntryKind
{
    /// <summary>Money enters: the opening balance.</summary>
    Opened,

    /// <summary>Money enters: an admin credit to the balance.</summary>
    Credit,

    /// <summary>Balance → frozen (TCC Try).</summary>
    Freeze,

    /// <summary>Frozen → spent (TCC Confirm).</summary>
    Charge,

    /// <summary>Frozen → balance (TCC Cancel).</summary>
    Unfreeze,
}

/// <summary>The three amounts of a wallet as a conditional UPDATE returns them.</summary>
public sealed record WalletAmounts(decimal Balance, decimal Frozen, decimal Spent);

public sealed record WalletResponse(string UserId, decimal Balance, decimal Frozen, decimal Spent)
{
    public static WalletResponse From(UserWallet wallet) => new(wallet.UserId, wallet.Balance, wallet.Frozen, wallet.Spent);
}

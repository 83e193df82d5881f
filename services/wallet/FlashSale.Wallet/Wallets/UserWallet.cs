namespace FlashSale.Wallet.Wallets;

/// <summary>A shopper's money: spendable balance and funds frozen by payments in flight (TCC Try).</summary>
public sealed class UserWallet
{
    public required string UserId { get; set; }
    public decimal Balance { get; set; }
    public decimal Frozen { get; set; }
    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>Optimistic concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; set; }
}

/// <summary>Every movement of money, so a wallet's history always explains its balance.</summary>
public sealed class LedgerEntry
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public LedgerEntryKind Kind { get; set; }
    public decimal Amount { get; set; }
    public decimal BalanceAfter { get; set; }
    public DateTimeOffset At { get; set; }
}

public enum LedgerEntryKind
{
    Opened,
    Credit,
}

public sealed record WalletResponse(string UserId, decimal Balance, decimal Frozen)
{
    public static WalletResponse From(UserWallet wallet) => new(wallet.UserId, wallet.Balance, wallet.Frozen);
}

namespace FlashSale.Wallet.Wallets;

/// <summary>Bound from "Wallet".</summary>
public sealed class WalletOptions
{
    public const string Section = "Wallet";

    /// <summary>Balance a wallet opens with on first use: 0 in production, a demo amount in Development.</summary>
    public decimal OpeningBalance { get; set; }

    public decimal MaxCredit { get; set; } = 1_000_000m;
}

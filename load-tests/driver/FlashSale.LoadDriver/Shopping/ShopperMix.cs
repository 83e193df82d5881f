namespace FlashSale.LoadDriver.Shopping;

/// <summary>What a shopper does once they hold an order.</summary>
public enum ShopperKind
{
    /// <summary>Has the money and pays at once.</summary>
    Payer,

    /// <summary>Never pays: the order's payment deadline cancels it and its units go back on sale.</summary>
    NeverPays,

    /// <summary>Pays with too little in the wallet: the wallet's Try refuses, the order is cancelled.</summary>
    CannotAfford,
}

/// <summary>
/// The crowd of a demo: exactly round(share × shoppers) of each unusual kind, spread over the crowd by a
/// seeded shuffle, so every run with the same seed has the same crowd and no kind bunches at one end.
/// </summary>
public static class ShopperMix
{
    public static ShopperKind[] Assign(int shoppers, double neverPaysShare, double cannotAffordShare, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shoppers);
        if (neverPaysShare < 0 || cannotAffordShare < 0 || neverPaysShare + cannotAffordShare > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(neverPaysShare), "Shares are between 0 and 1 and add up to at most 1.");
        }

        var neverPays = (int)Math.Round(shoppers * neverPaysShare, MidpointRounding.AwayFromZero);
        var cannotAfford = Math.Min(shoppers - neverPays, (int)Math.Round(shoppers * cannotAffordShare, MidpointRounding.AwayFromZero));
        var kinds = new ShopperKind[shoppers];
        Array.Fill(kinds, ShopperKind.NeverPays, 0, neverPays);
        Array.Fill(kinds, ShopperKind.CannotAfford, neverPays, cannotAfford);
        new Random(seed).Shuffle(kinds);
        return kinds;
    }
}

using MassTransit;

namespace FlashSale.Wallet.Funds;

/// <summary>
/// Bounded retries for the wallet's TCC consumers, then the message lands in wallet-funds_error for operators.
/// A malformed command (bad amount, missing user) fails the same way every time, so it goes there at once.
/// </summary>
internal static class FundsRetry
{
    public static void Configure(IRetryConfigurator retry)
    {
        retry.Ignore<ArgumentException>();
        retry.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
    }
}

using FlashSale.LoadDriver.Api;

namespace FlashSale.LoadDriver.Scenarios.Throughput;

/// <summary>
/// The sales the runs buy from, open from now for half an hour: long enough for any run, short enough that
/// inventory stops relaying their reservation streams soon after a bench (it polls every running sale's stream).
/// </summary>
public static class PurchaseSales
{
    /// <summary>
    /// Stock and per-user limit at the contract's maximum: no purchase of a run can be refused, so every
    /// answer is an admission and the rate is the admission path's.
    /// </summary>
    public static SaleSpec Unlimited(string runTag) => Spec(runTag, "admitted", 10_000_000, 10_000_000);

    /// <summary>One unit, one per shopper: bought once before the run, then everything is "sold out".</summary>
    public static SaleSpec SingleUnit(string runTag) => Spec(runTag, "sold-out", 1, 1);

    public static SaleSpec Spec(string runTag, string kind, int stock, int perUserLimit, decimal price = 9.90m,
        string humanCheck = HumanChecks.None, int? humanCheckMaxNumber = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new SaleSpec($"LT-{runTag}", $"Load test {kind} {runTag}", price, stock, now.AddSeconds(-1), now.AddMinutes(30), perUserLimit,
            humanCheck, humanCheck == HumanChecks.None ? null : humanCheckMaxNumber);
    }
}

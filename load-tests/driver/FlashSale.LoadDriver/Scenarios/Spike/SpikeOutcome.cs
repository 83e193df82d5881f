using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Measurement;

namespace FlashSale.LoadDriver.Scenarios.Spike;

/// <summary>An accepted purchase: whose it is and the order id the 202 named.</summary>
public sealed record AcceptedPurchase(Shopper Shopper, string OrderId);

/// <summary>Everything the spike's shoppers got back, merged.</summary>
public sealed record SpikeOutcome(AnswerTally Answers, IReadOnlyList<AcceptedPurchase> Accepted, int Quantity)
{
    public long AcceptedUnits => (long)Accepted.Count * Quantity;

    public IReadOnlyDictionary<string, int> UnitsByUser =>
        Accepted.GroupBy(a => a.Shopper.UserId).ToDictionary(g => g.Key, g => g.Count() * Quantity, StringComparer.Ordinal);
}

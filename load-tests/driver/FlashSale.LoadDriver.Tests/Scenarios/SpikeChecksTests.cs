using FlashSale.LoadDriver.Api;
using FlashSale.LoadDriver.Http;
using FlashSale.LoadDriver.Measurement;
using FlashSale.LoadDriver.Scenarios.Spike;

namespace FlashSale.LoadDriver.Tests.Scenarios;

public sealed class SpikeChecksTests
{
    private const int Stock = 100;

    private static Shopper Shopper(int i) => new($"u-{i}", "Bearer x", [], 0, DateTimeOffset.MaxValue, "/api/sales/1/purchases/address");

    /// <summary>100 shoppers got one unit each; the rest of 1,000 attempts were refused as the contract says.</summary>
    private static (AnswerTally Answers, List<AcceptedPurchase> Accepted) CleanSpike()
    {
        var answers = new AnswerTally();
        answers.Add(new Answer(202), Stock);
        answers.Add(new Answer(409, "sold-out"), 600);
        answers.Add(new Answer(403, "limit-reached"), 150);
        answers.Add(new Answer(429, "rate-limited"), 150);
        var accepted = Enumerable.Range(0, Stock).Select(i => new AcceptedPurchase(Shopper(i), $"{1000 + i}")).ToList();
        return (answers, accepted);
    }

    private static List<string> Failed(SpikeOutcome outcome, int perUserLimit = 1) =>
        SpikeChecks.OfAnswers(outcome, Stock, perUserLimit).Where(c => !c.Passed).Select(c => c.Name).ToList();

    [Fact]
    public void A_clean_spike_passes_every_check()
    {
        var (answers, accepted) = CleanSpike();

        Assert.Empty(Failed(new SpikeOutcome(answers, accepted, 1)));
    }

    [Fact]
    public void One_unit_too_many_is_an_oversell()
    {
        var (answers, accepted) = CleanSpike();
        answers.Add(new Answer(202));
        accepted.Add(new AcceptedPurchase(Shopper(500), "9999"));

        Assert.Equal(["exactly 100 units accepted"], Failed(new SpikeOutcome(answers, accepted, 1)));
    }

    [Fact]
    public void Server_errors_timeouts_and_other_refusals_fail()
    {
        var (answers, accepted) = CleanSpike();
        answers.Add(new Answer(503, "service-unavailable"));
        answers.Add(Answer.TimedOut);
        answers.Add(new Answer(403, "invalid-token"));

        Assert.Equal(
            ["no 5xx and no failed or timed-out request", "every other attempt answered sold-out, limit-reached or rate-limited"],
            Failed(new SpikeOutcome(answers, accepted, 1)));
    }

    [Fact]
    public void A_shopper_over_the_limit_or_a_shared_order_id_fails()
    {
        var (answers, accepted) = CleanSpike();
        accepted[1] = new AcceptedPurchase(Shopper(0), accepted[0].OrderId);

        Assert.Equal(["no shopper holds more than the per-user limit (1)", "each accepted purchase has its own order id"],
            Failed(new SpikeOutcome(answers, accepted, 1)));
        Assert.Equal(["each accepted purchase has its own order id"], Failed(new SpikeOutcome(answers, accepted, 1), perUserLimit: 2));
    }

    [Fact]
    public void The_stock_view_must_show_the_accepted_units_gone_from_Redis()
    {
        var good = new StockView("1", Stock, 0, 0, Stock, 0, 0);
        var drift = good with { AvailableInCache = 1 };

        Assert.All(SpikeChecks.OfStock(good, Stock, Stock), c => Assert.True(c.Passed, c.Detail));
        Assert.Contains(SpikeChecks.OfStock(drift, Stock, Stock), c => !c.Passed && c.Name.Contains("Redis", StringComparison.Ordinal));
    }

    [Fact]
    public void Once_quiet_PostgreSQL_must_have_exactly_the_accepted_units_taken()
    {
        var caughtUp = new StockView("1", Stock, 0, 0, Stock, 0, 0);
        var lagging = caughtUp with { AvailableInDatabase = 40, Reserved = 60 };
        var oversold = caughtUp with { AvailableInDatabase = -1 };

        bool DatabaseCheck(StockView view) => SpikeChecks.OfStock(view, Stock, Stock).Single(c => c.Name.Contains("PostgreSQL", StringComparison.Ordinal)).Passed;
        Assert.True(DatabaseCheck(caughtUp));
        Assert.False(DatabaseCheck(lagging));
        Assert.False(DatabaseCheck(oversold));
    }

    [Fact]
    public void Every_accepted_order_must_be_readable_by_its_shopper()
    {
        Assert.True(SpikeChecks.OfOrders(100, 100, new Dictionary<string, long>()).Passed);
        var missing = SpikeChecks.OfOrders(99, 100, new Dictionary<string, long> { ["404 order-not-found"] = 1 });
        Assert.False(missing.Passed);
        Assert.Contains("404 order-not-found x1", missing.Detail, StringComparison.Ordinal);
    }
}

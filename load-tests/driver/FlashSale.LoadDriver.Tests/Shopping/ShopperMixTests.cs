using FlashSale.LoadDriver.Shopping;

namespace FlashSale.LoadDriver.Tests.Shopping;

public sealed class ShopperMixTests
{
    [Fact]
    public void Each_kind_gets_exactly_its_share_of_the_crowd()
    {
        var kinds = ShopperMix.Assign(2000, 0.1, 0.15, seed: 7);

        Assert.Equal(2000, kinds.Length);
        Assert.Equal(200, kinds.Count(k => k == ShopperKind.NeverPays));
        Assert.Equal(300, kinds.Count(k => k == ShopperKind.CannotAfford));
        Assert.Equal(1500, kinds.Count(k => k == ShopperKind.Payer));
    }

    [Fact]
    public void The_same_seed_gives_the_same_crowd_and_kinds_are_spread_over_it()
    {
        var first = ShopperMix.Assign(1000, 0.1, 0.1, seed: 42);

        Assert.Equal(first, ShopperMix.Assign(1000, 0.1, 0.1, seed: 42));
        Assert.NotEqual(first, ShopperMix.Assign(1000, 0.1, 0.1, seed: 43));
        // Not bunched at one end: every tenth of the crowd has some of each unusual kind.
        Assert.All(first.Chunk(100), tenth =>
        {
            Assert.Contains(ShopperKind.NeverPays, tenth);
            Assert.Contains(ShopperKind.CannotAfford, tenth);
        });
    }

    [Fact]
    public void Shares_out_of_range_are_refused_and_zero_shares_mean_everyone_pays()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShopperMix.Assign(10, 0.6, 0.5, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShopperMix.Assign(10, -0.1, 0, seed: 1));
        Assert.All(ShopperMix.Assign(10, 0, 0, seed: 1), k => Assert.Equal(ShopperKind.Payer, k));
    }
}

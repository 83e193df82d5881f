using FlashSale.Inventory.Caching;
using FlashSale.Inventory.Sales;

namespace FlashSale.Inventory.Tests.Sales;

public sealed class SaleRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly SaleView Sale = new(1, "SKU", "Phone", 9.90m, 100, Start, Start.AddHours(1), 1);

    [Theory]
    [InlineData(-1, 100, SaleStatus.Upcoming)]
    [InlineData(0, 100, SaleStatus.Active)]
    [InlineData(0, 0, SaleStatus.SoldOut)]
    [InlineData(1000, null, SaleStatus.Active)]
    [InlineData(3_599_999, 1, SaleStatus.Active)]
    [InlineData(3_600_000, 5, SaleStatus.Ended)]
    [InlineData(3_600_000, 0, SaleStatus.Ended)]
    [InlineData(-5, 0, SaleStatus.Upcoming)]
    public void Status_depends_on_the_instant_and_the_live_stock(int offsetMs, int? stock, SaleStatus expected) =>
        Assert.Equal(expected, Sale.StatusAt(Start.AddMilliseconds(offsetMs), stock));

    public static TheoryData<CreateSaleRequest, string> InvalidRequests()
    {
        var ok = new CreateSaleRequest("SKU-1", "Phone", 9.90m, 100, Start, Start.AddHours(1), 1);
        return new TheoryData<CreateSaleRequest, string>
        {
            { ok with { Sku = null }, "sku" },
            { ok with { Sku = new string('s', 65) }, "sku" },
            { ok with { Name = " " }, "name" },
            { ok with { Price = 0m }, "price" },
            { ok with { Price = 1.999m }, "price" },
            { ok with { Price = null }, "price" },
            { ok with { Stock = 0 }, "stock" },
            { ok with { Stock = 10_000_001 }, "stock" },
            { ok with { PerUserLimit = 0 }, "perUserLimit" },
            { ok with { PerUserLimit = 101 }, "perUserLimit" },
            { ok with { StartsAt = null }, "startsAt" },
            { ok with { EndsAt = Start }, "endsAt" },
            { ok with { StartsAt = Start.AddHours(-3), EndsAt = Start.AddHours(-2) }, "endsAt" },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void Invalid_sales_name_the_field(CreateSaleRequest request, string field)
    {
        var problem = request.Validate(Start.AddMinutes(-1));

        Assert.NotNull(problem);
        Assert.Equal(400, problem.StatusCode);
        Assert.StartsWith(field + ":", problem.ProblemDetails.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sane_sale_is_valid() =>
        Assert.Null(new CreateSaleRequest("SKU-1", "Phone", 9.90m, 10_000_000, Start, Start.AddSeconds(1), 1).Validate(Start));
}

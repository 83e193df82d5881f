using System.Text;
using FlashSale.LoadDriver.Http;

namespace FlashSale.LoadDriver.Tests.Http;

public sealed class ProblemTypeReaderTests
{
    private static string? Read(string body) => ProblemTypeReader.Read(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void The_suffix_of_the_type_is_read_wherever_the_property_stands()
    {
        Assert.Equal("sold-out", Read("""{"type":"https://flashsale.dev/problems/sold-out","title":"Sold out.","status":409}"""));
        Assert.Equal("rate-limited", Read("""{"title":"Too many","limit":"per-user","type":"https://flashsale.dev/problems/rate-limited"}"""));
    }

    [Fact]
    public void Known_suffixes_are_shared_strings()
    {
        var first = Read("""{"type":"https://flashsale.dev/problems/limit-reached"}""");
        var second = Read("""{"type":"https://flashsale.dev/problems/limit-reached"}""");

        Assert.Same(first, second);
    }

    [Fact]
    public void An_unknown_suffix_is_still_named()
    {
        Assert.Equal("order-not-payable", Read("""{"type":"https://flashsale.dev/problems/order-not-payable"}"""));
        Assert.Equal("about:blank", Read("""{"type":"about:blank"}"""));
    }

    [Fact]
    public void A_nested_type_is_not_the_problem_type()
    {
        Assert.Null(Read("""{"errors":{"type":["bad"]},"detail":"x"}"""));
        Assert.Equal("validation", Read("""{"errors":{"type":"nested/x"},"type":"https://flashsale.dev/problems/validation"}"""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Service Unavailable")]
    [InlineData("[1,2]")]
    [InlineData("""{"type":42}""")]
    [InlineData("""{"type":"https://flashsale.dev/pro""")]
    public void Bodies_without_a_readable_type_give_none(string body)
    {
        Assert.Null(Read(body));
    }
}

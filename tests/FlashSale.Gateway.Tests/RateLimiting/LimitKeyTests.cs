using System.Net;
using FlashSale.Gateway.RateLimiting;

namespace FlashSale.Gateway.Tests.RateLimiting;

public sealed class LimitKeyTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("::1", "::1")]
    public void A_client_is_its_IPv4_address_or_its_IPv6_64_network(string address, string partition) =>
        Assert.Equal(partition, LimitKey.ClientPartition(IPAddress.Parse(address)));

    [Fact]
    public void A_connection_without_an_address_shares_one_partition_rather_than_escaping_the_limit() =>
        Assert.Equal(LimitKey.Unknown, LimitKey.ClientPartition(null));

    [Theory]
    [InlineData("123", "123")]
    [InlineData("0123", "123")]
    [InlineData("000123", "123")]
    [InlineData("abc", "abc")]
    [InlineData(null, LimitKey.Unknown)]
    public void A_sale_has_one_bucket_however_its_id_is_spelled(string? routeValue, string partition) =>
        Assert.Equal(partition, LimitKey.SalePartition(routeValue));
}

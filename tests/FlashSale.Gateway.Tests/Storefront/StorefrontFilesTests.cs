using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FlashSale.Gateway.Storefront;

namespace FlashSale.Gateway.Tests.Storefront;

/// <summary>
/// The storefront's static files: public (no token), cacheable for a short while with a validator, locked to this
/// origin by a content security policy; and its settings, which show the sign-in box only where the development
/// issuer is on.
/// </summary>
public sealed class StorefrontFilesTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("/", "text/html", "data-test=\"buy\"")]
    [InlineData("/js/storefront.js", "text/javascript", "import")]
    [InlineData("/storefront.css", "text/css", "--accent")]
    public async Task Pages_are_public_cacheable_and_locked_to_this_origin(string path, string mediaType, string content)
    {
        using var client = fixture.ReplicaA.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(content, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(StorefrontExtensions.CacheControl, response.Headers.CacheControl?.ToString());
        Assert.Equal(StorefrontExtensions.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.NotNull(response.Headers.ETag);

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task The_sign_in_box_shows_only_where_the_development_issuer_is_on(string issuerEnabled, bool devSignIn)
    {
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string?> { ["Auth:DevIssuer:Enabled"] = issuerEnabled });
        using var client = gateway.CreateClient();

        var settings = await client.GetFromJsonAsync<JsonElement>("/storefront/settings");

        Assert.Equal(devSignIn, settings.GetProperty("devSignIn").GetBoolean());
    }
}

using System.Net;
using FlashSale.ServiceDefaults;
using FlashSale.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace FlashSale.Shared.Tests.Hosting;

/// <summary>What every host gets from ServiceHost's pipeline, on a host with one endpoint of each kind.</summary>
public sealed class ServiceHostDefaultsTests : IAsyncLifetime
{
    private WebApplication? _app;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.AddServiceDefaults();
        _app = builder.Build();
        _app.UseServiceDefaults();
        _app.MapGet("/forgotten", () => "no authorization decision was made for this endpoint");
        _app.MapGet("/public", () => "open").AllowAnonymous();
        await _app.StartAsync();
    }

    [Fact]
    public async Task An_endpoint_nobody_marked_is_closed_to_anonymous_callers_and_open_to_a_valid_token()
    {
        using var anonymous = _app!.GetTestClient();
        using var shopper = _app!.GetTestClient();
        shopper.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Shopper("u-1"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/forgotten")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await shopper.GetAsync("/forgotten")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/public")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }

    [Theory]
    [InlineData("u-1", HttpStatusCode.OK)]
    [InlineData("a-user-id-of-sixty-seven-characters-is-more-than-any-store-can-keep", HttpStatusCode.Unauthorized)]
    [InlineData("spaces are not allowed", HttpStatusCode.Unauthorized)]
    public async Task A_validly_signed_token_naming_a_user_id_the_stores_cannot_keep_is_refused(string userId, HttpStatusCode expected)
    {
        using var client = _app!.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Shopper(userId));

        Assert.Equal(expected, (await client.GetAsync("/forgotten")).StatusCode);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

using System.Text.Json;
using FlashSale.LoadDriver.Auth;
using FlashSale.ServiceDefaults.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FlashSale.LoadDriver.Tests.Auth;

public sealed class DevJwtTests
{
    [Fact]
    public async Task A_minted_token_passes_the_validation_every_service_applies()
    {
        var options = new JwtOptions { SigningKey = DevJwt.DevSigningKey };
        var token = new DevJwt(DevJwt.DevSigningKey).Shopper("u-42", TimeSpan.FromMinutes(5));

        // The same parameters as AuthenticationExtensions.AddJwtAuthentication, from the services' own defaults.
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKey = AuthenticationExtensions.SigningKey(options),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("u-42", result.Claims[AuthenticationExtensions.SubjectClaim]);
        Assert.Equal("shopper", result.Claims[AuthenticationExtensions.RoleClaim]);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var options = new JwtOptions { SigningKey = DevJwt.DevSigningKey };
        var token = new DevJwt(new string('k', 40)).Admin("ops", TimeSpan.FromMinutes(5));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKey = AuthenticationExtensions.SigningKey(options),
        });

        Assert.False(result.IsValid);
    }

    [Fact]
    public void The_default_key_issuer_and_audience_are_those_of_the_development_profile()
    {
        var settings = Path.Combine(RepositoryRoot(), "gateway", "FlashSale.Gateway", "appsettings.Development.json");
        using var json = JsonDocument.Parse(File.ReadAllText(settings));
        var key = json.RootElement.GetProperty("Auth").GetProperty("Jwt").GetProperty("SigningKey").GetString();
        var defaults = new JwtOptions();

        Assert.Equal(DevJwt.DevSigningKey, key);
        Assert.Equal(DevJwt.DefaultIssuer, defaults.Issuer);
        Assert.Equal(DevJwt.DefaultAudience, defaults.Audience);
    }

    [Fact]
    public void A_key_the_services_would_refuse_is_refused_here_too()
    {
        Assert.Throws<ArgumentException>(() => new DevJwt("too-short"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FlashSale.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No FlashSale.sln above the test assembly.");
    }
}

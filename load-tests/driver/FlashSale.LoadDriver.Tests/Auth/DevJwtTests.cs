using System.Security.Cryptography;
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
        var token = DevJwt.Development().Shopper("u-42", TimeSpan.FromMinutes(5));

        var result = await ValidateAsync(token, JwtKeys.DevelopmentPublicKeyPem);

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("u-42", result.Claims[AuthenticationExtensions.SubjectClaim]);
        Assert.Equal("shopper", result.Claims[AuthenticationExtensions.RoleClaim]);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused_and_one_signed_with_a_generated_key_passes_with_its_public_half()
    {
        using var generated = RSA.Create(2048);
        var token = DevJwt.FromPem(generated.ExportPkcs8PrivateKeyPem()).Admin("ops", TimeSpan.FromMinutes(5));

        Assert.False((await ValidateAsync(token, JwtKeys.DevelopmentPublicKeyPem)).IsValid);
        Assert.True((await ValidateAsync(token, generated.ExportSubjectPublicKeyInfoPem())).IsValid);
    }

    [Fact]
    public void The_default_key_issuer_and_audience_are_those_of_the_development_profile()
    {
        var defaults = new JwtOptions();

        Assert.Equal(JwtKeys.DevelopmentPrivateKeyPem, DevJwt.DevelopmentKeyPem);
        Assert.Equal(DevJwt.DefaultIssuer, defaults.Issuer);
        Assert.Equal(DevJwt.DefaultAudience, defaults.Audience);
        Assert.Equal(JwtKeys.MinimumKeyBits, DevJwt.MinimumKeyBits);
    }

    [Fact]
    public void A_key_the_services_would_refuse_or_one_that_cannot_sign_is_refused_here_too()
    {
        using var small = RSA.Create(1024);
        Assert.Throws<ArgumentException>(() => new DevJwt(small));
        Assert.Throws<ArgumentException>(() => DevJwt.FromPem("too-short"));
        Assert.Throws<ArgumentException>(() => DevJwt.FromPem(JwtKeys.DevelopmentPublicKeyPem));
    }

    // The same parameters as AuthenticationExtensions.AddJwtAuthentication, from the services' own defaults.
    private static Task<TokenValidationResult> ValidateAsync(string token, string publicKeyPem)
    {
        var options = new JwtOptions();
        return new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKey = JwtKeys.SecurityKey(JwtKeys.Import(publicKeyPem, "test")),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
        });
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace FlashSale.ServiceDefaults.Authentication;

public static class AuthenticationExtensions
{
    public const string AdminPolicy = "admin";
    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";

    /// <summary>
    /// RS256 JWT validation with the issuer's public key and the claims kept as issued (`sub`, `role`). The gateway
    /// and every service validate the same token, so a service reached directly trusts nothing it cannot verify, and
    /// none of them holds a key that could mint one. Only RS256 is accepted: a token signed with HS256 using the
    /// (public) key as its secret, or with alg "none", is refused.
    /// </summary>
    public static IHostApplicationBuilder AddJwtAuthentication(this IHostApplicationBuilder builder)
    {
        var jwt = builder.Configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        var publicKey = JwtKeys.Load(jwt.PublicKey, jwt.PublicKeyFile, builder.Environment.IsDevelopment(),
            JwtKeys.DevelopmentPublicKeyPem, $"{JwtOptions.Section}:PublicKey");

        builder.Services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKey = JwtKeys.SecurityKey(publicKey),
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                    NameClaimType = SubjectClaim,
                    RoleClaimType = RoleClaim,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                // Every service stores user ids as varchar(64): a token naming a longer or stranger one is refused at
                // the door, not by a database error halfway through a purchase.
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (context.Principal?.FindFirstValue(SubjectClaim) is not { } subject || !UserIds.IsValid(subject))
                        {
                            context.Fail($"The token's '{SubjectClaim}' must be 1 to {UserIds.MaxLength} characters of letters, digits, '.', '_', '-' or '@'.");
                        }

                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole("admin"))
            // Closed unless marked otherwise: a new endpoint without an authorization decision needs a valid token.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>The caller's user id (`sub`); endpoints behind RequireAuthorization always have one.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(SubjectClaim) ?? throw new InvalidOperationException("The authenticated principal has no 'sub' claim.");

    public static TBuilder RequireAdmin<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireAuthorization(AdminPolicy);
}

using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using FlashSale.Gateway.RateLimiting;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.OpenApi;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FlashSale.Gateway.DevTokens;

public sealed record TokenRequest(string? UserId, string? Role, string? AdminKey);

public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt);

public static class DevTokenIssuer
{
    public static WebApplication MapDevTokenIssuer(this WebApplication app)
    {
        // Off: the route answers 404 to everyone, as docs/api.md says of the production profile (an unmapped path would
        // answer an anonymous caller 401, the fallback policy's answer, which says nothing about the issuer).
        if (!app.Services.GetRequiredService<IOptions<DevTokenOptions>>().Value.Enabled)
        {
            app.MapPost("/api/auth/token", () => ProblemTypes.Problem(StatusCodes.Status404NotFound, "not-found", "Not found.",
                    "There is no token issuer here: tokens come from the identity provider."))
                .ExcludeFromDescription().AllowAnonymous();
        }
        else
        {
            // Loaded now: a missing or bad key stops the start instead of failing the first token request.
            _ = app.Services.GetRequiredService<DevTokenSigner>().Credentials;
            app.MapPost("/api/auth/token", Issue).WithTags("Identity").WithName("IssueDevToken").AllowAnonymous()
                .RequireRateLimiting(LimitPolicyNames.Tokens)
                .ProducesProblems("validation", "invalid-admin-key", "rate-limited")
                .WithRequestExample(new TokenRequest("u-1", "shopper", AdminKey: null));
        }

        return app;
    }

    public static Results<Ok<TokenResponse>, ProblemHttpResult> Issue(
        TokenRequest? request, IOptions<DevTokenOptions> devOptions, IOptions<JwtOptions> jwtOptions, TimeProvider time,
        AdminKeyAttempts adminAttempts, DevTokenSigner signer, HttpContext http)
    {
        if (request?.UserId is not { } userId || !UserIds.IsValid(userId))
        {
            return ProblemTypes.Validation("userId", "must be 1 to 64 characters of letters, digits, '.', '_', '-' or '@'.");
        }

        var role = request.Role ?? "shopper";
        if (role is not ("shopper" or "admin"))
        {
            return ProblemTypes.Validation("role", "must be 'shopper' or 'admin'.");
        }

        if (role == "admin")
        {
            var client = LimitKey.ClientPartition(http.Connection.RemoteIpAddress);
            if (adminAttempts.Blocked(client) is { } wait)
            {
                var seconds = LimitProblems.RetryAfterSeconds(wait);
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return ProblemTypes.Problem(StatusCodes.Status429TooManyRequests, LimitProblems.TypeSuffix, "Too many requests.",
                    $"Too many wrong admin keys from this address; try again in {seconds} s.");
            }

            if (!IsAdminKey(request.AdminKey, devOptions.Value.AdminKey))
            {
                adminAttempts.Failed(client);
                return ProblemTypes.Problem(StatusCodes.Status403Forbidden, "invalid-admin-key", "Forbidden.",
                    "An admin token needs the configured adminKey.");
            }
        }

        var jwt = jwtOptions.Value;
        var now = time.GetUtcNow();
        var expires = now + jwt.TokenLifetime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            Subject = new ClaimsIdentity([new Claim(AuthenticationExtensions.SubjectClaim, userId), new Claim(AuthenticationExtensions.RoleClaim, role)]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = signer.Credentials,
        });
        return TypedResults.Ok(new TokenResponse(token, expires));
    }

    private static bool IsAdminKey(string? given, string configured) =>
        configured.Length > 0 && given is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(configured));
}

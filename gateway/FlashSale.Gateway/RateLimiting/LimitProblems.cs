using System.Globalization;
using System.Threading.RateLimiting;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.RateLimiting;

namespace FlashSale.Gateway.RateLimiting;

/// <summary>The 429 [rate-limited] of docs/api.md: problem details naming the limit that was hit, and Retry-After in seconds.</summary>
public static class LimitProblems
{
    public const string TypeSuffix = "rate-limited";

    public static string LimitName(LimitScope scope) => scope switch
    {
        LimitScope.User => "per-user",
        LimitScope.ClientIp => "per-client-ip",
        LimitScope.Sale => "per-sale",
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };

    public static string Reason(string policy, LimitCheck check, LimitKey key) => check.Scope switch
    {
        LimitScope.User => $"Too many '{policy}' requests by this user: the per-user limit is {check.Limit}.",
        LimitScope.ClientIp => $"Too many '{policy}' requests from this IP address: the per-client-IP limit is {check.Limit}.",
        LimitScope.Sale => $"Too many '{policy}' requests for sale {key.SaleId} from all shoppers together: the per-sale limit is {check.Limit}.",
        _ => throw new ArgumentOutOfRangeException(nameof(check), check.Scope, null),
    };

    /// <summary>Whole seconds, rounded up and at least 1: retrying before the window closes would only be refused again.</summary>
    public static long RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));

    /// <summary>The policies' OnRejected: the middleware has already set the status to 429.</summary>
    public static async ValueTask WriteAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var lease = context.Lease;
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = RetryAfterSeconds(retryAfter);
        var limit = lease.TryGetMetadata(LimitLease.Limit, out var name) ? name : null;
        var reason = lease.TryGetMetadata(MetadataName.ReasonPhrase, out var phrase) ? phrase : "Too many requests.";

        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = TypedResults.Problem(
            detail: $"{reason} Retry in {seconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests.",
            type: ProblemTypes.Uri(TypeSuffix),
            extensions: new Dictionary<string, object?> { ["limit"] = limit, ["retryAfterSeconds"] = seconds });
        await problem.ExecuteAsync(context.HttpContext);
    }
}

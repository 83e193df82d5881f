using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FlashSale.ServiceDefaults.Problems;

/// <summary>
/// A dependency that does not answer (Redis, the database) is a temporary condition, not a bug: the
/// client gets 503 with Retry-After and may try again, instead of an opaque 500.
/// </summary>
internal sealed class UnavailableDependencyExceptionHandler(IProblemDetailsService problems, ILogger<UnavailableDependencyExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var dependency = exception switch
        {
            RedisConnectionException or RedisTimeoutException => "Redis",
            DbException { IsTransient: true } => "The database",
            HttpRequestException => "Another service",
            TimeoutException => "a dependency",
            Ids.WorkerIdUnavailableException => "The id lease (Redis)",
            _ => null,
        };
        if (dependency is null)
        {
            return false;
        }

        logger.LogWarning(exception, "{Dependency} did not answer while serving {Path}", dependency, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable.",
                Detail = $"{dependency} is not answering right now; retry in a moment. Nothing was changed by this request unless its status says so.",
                Type = ProblemTypes.Uri("unavailable"),
            },
        });
    }
}

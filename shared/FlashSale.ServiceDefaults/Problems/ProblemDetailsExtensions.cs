using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlashSale.ServiceDefaults.Problems;

public static class ProblemDetailsExtensions
{
    public static IHostApplicationBuilder AddFlashSaleProblemDetails(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
            ctx.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier;
            if (ctx.ProblemDetails.Type is null or "" || ctx.ProblemDetails.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                ctx.ProblemDetails.Type = ProblemTypes.Uri(SuffixFor(ctx.ProblemDetails.Status));
            }
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<UnavailableDependencyExceptionHandler>();
        // Binding failures throw (in every environment) so the handler below answers them as problem details.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    /// <summary>Exception handler first, then problem details for bare status codes (401, 404, 405...).</summary>
    public static WebApplication UseFlashSaleProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    private static string SuffixFor(int? status) => status switch
    {
        400 => "validation",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        409 => "conflict",
        415 => "unsupported-media-type",
        429 => "rate-limited",
        _ => "server-error",
    };
}

/// <summary>
/// Malformed input (unreadable JSON, a wrong type in a route or query value) is the client's error:
/// answer 400 with what was wrong instead of letting it become a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        logger.LogInformation("Rejected a malformed request to {Path}: {Reason}", httpContext.Request.Path, badRequest.InnerException?.Message ?? badRequest.Message);
        httpContext.Response.StatusCode = badRequest.StatusCode;
        // No exception in the context: what the client reads is the sentence below, never .NET's own text.
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Title = "The request is not valid.",
                Detail = MalformedRequest.Describe(badRequest),
                Type = ProblemTypes.Uri("validation"),
            },
        });
    }
}

using System.Globalization;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Caching;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Yarp.ReverseProxy.Model;

namespace FlashSale.Gateway.Monitoring;

/// <summary>Every purchase answer per sale, summed over the gateway replicas, for the sale monitor (/monitor/).</summary>
public sealed record PurchaseAnswerTotals(
    string SaleId, DateTimeOffset At, long Accepted, long SoldOut, long Refused, long RateLimited, long Failed, long Other, long RateLimitedAnyRoute);

public static class MonitorExtensions
{
    /// <summary>The YARP route of POST /api/sales/{id}/purchases/{address} (appsettings.json, ReverseProxy:Routes).</summary>
    public const string PurchasesRoute = "purchases";

    public static IHostApplicationBuilder AddPurchaseAnswerCounting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PurchaseAnswers>();
        builder.Services.AddHostedService<PurchaseAnswersFlush>();
        return builder;
    }

    /// <summary>Counts answers on their way out; placed before the rate limiter so its 429s are counted too.</summary>
    public static void UsePurchaseAnswerCounting(this WebApplication app)
    {
        var answers = app.Services.GetRequiredService<PurchaseAnswers>();
        app.Use(async (context, next) =>
        {
            await next(context);
            var status = context.Response.StatusCode;
            if (status == StatusCodes.Status429TooManyRequests)
            {
                answers.CountRateLimited();
            }

            if (IsPurchase(context, out _, out var saleId))
            {
                answers.CountPurchase(saleId, status);
            }
        });
    }

    /// <summary>The request went to the purchase route (<see cref="PurchasesRoute"/>) of a sale id that parses: its id as sent, and as a number.</summary>
    public static bool IsPurchase(HttpContext context, out string id, out long saleId)
    {
        id = context.Request.RouteValues["id"] as string ?? "";
        saleId = 0;
        return context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.RouteId == PurchasesRoute &&
            long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out saleId);
    }

    /// <summary><c>GET /api/admin/monitor/purchases/{saleId}</c> (admin, not in the OpenAPI document).</summary>
    public static void MapPurchaseAnswerTotals(this WebApplication app) =>
        app.MapGet("/api/admin/monitor/purchases/{saleId:long}", async (long saleId, IConnectionMultiplexer redis, IOptions<RedisOptions> options, TimeProvider time) =>
            {
                var db = redis.GetDatabase();
                var prefix = options.Value.KeyPrefix;
                var fields = (await db.HashGetAllAsync(PurchaseAnswersFlush.SaleKey(prefix, saleId))).ToDictionary(e => e.Name.ToString(), e => (long)e.Value);
                var rateLimitedAnyRoute = (long?)await db.StringGetAsync(PurchaseAnswersFlush.RateLimitedKey(prefix)) ?? 0;
                long Of(PurchaseAnswer kind) => fields.GetValueOrDefault(kind.ToString());
                return TypedResults.Ok(new PurchaseAnswerTotals(saleId.ToString(CultureInfo.InvariantCulture), time.GetUtcNow(),
                    Of(PurchaseAnswer.Accepted), Of(PurchaseAnswer.SoldOut), Of(PurchaseAnswer.Refused), Of(PurchaseAnswer.RateLimited),
                    Of(PurchaseAnswer.Failed), Of(PurchaseAnswer.Other), rateLimitedAnyRoute));
            })
            .RequireAdmin().ExcludeFromDescription();
}

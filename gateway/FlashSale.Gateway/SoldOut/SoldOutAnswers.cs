using System.Globalization;
using FlashSale.BuildingBlocks.Sales;
using FlashSale.Gateway.Monitoring;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.Extensions.Options;

namespace FlashSale.Gateway.SoldOut;

/// <summary>
/// Once a sale is sold out, a purchase costs the gateway a dictionary lookup: no rate-limit call to Redis, no hop to
/// inventory. The rule is inventory's own (services/inventory/FlashSale.Inventory/Purchases/PurchaseApi.cs): a
/// purchase at the sale's address with an Idempotency-Key, by a shopper the sale never admitted, is sold out, whatever
/// its body says. Everything else (admitted shoppers' retries, wrong addresses, sales not known sold out) goes on.
/// </summary>
public static class SoldOutAnswers
{
    public static IHostApplicationBuilder AddSoldOutAnswers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SoldOutOptions>().BindConfiguration(SoldOutOptions.Section);
        builder.Services.AddSingleton<SoldOutSales>();
        builder.Services.AddHostedService<SoldOutRecheck>();
        return builder;
    }

    public static void UseSoldOutAnswers(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<SoldOutOptions>>().Value.Enabled)
        {
            return;
        }

        var sales = app.Services.GetRequiredService<SoldOutSales>();
        app.Use(async (context, next) =>
        {
            if (!IsPurchase(context, out var id, out var saleId, out var address))
            {
                await next(context);
                return;
            }

            if (context.User.Identity?.IsAuthenticated == true &&
                PurchaseRules.IsValidIdempotencyKey(context.Request.Headers["Idempotency-Key"]) &&
                sales.Answers(saleId, address, context.User.UserId()))
            {
                await ProblemTypes.SoldOut(id).ExecuteAsync(context);
                return;
            }

            await next(context);
            // On the purchase route only inventory's sold-out answer is a 409.
            if (context.Response.StatusCode == StatusCodes.Status409Conflict)
            {
                _ = sales.RaiseAsync(saleId, address);
            }
        });
    }

    private static bool IsPurchase(HttpContext context, out string id, out long saleId, out string address)
    {
        address = context.Request.RouteValues["address"] as string ?? "";
        return MonitorExtensions.IsPurchase(context, out id, out saleId) && address.Length > 0 &&
            // Only the sale's one spelling: inventory answers "0042" as an unknown sale, not as sale 42.
            saleId.ToString(CultureInfo.InvariantCulture) == id;
    }
}

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
/// Until then, purchases on their way to inventory are at most the sale's units left (<see cref="SaleStockGate"/>):
/// at the opening instant the crowd beyond the stock waits here and is answered from memory once the sale is sold out.
/// </summary>
public static class SoldOutAnswers
{
    public static IHostApplicationBuilder AddSoldOutAnswers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SoldOutOptions>().BindConfiguration(SoldOutOptions.Section);
        builder.Services.AddSingleton<SoldOutSales>();
        builder.Services.AddSingleton<StockGates>();
        builder.Services.AddHostedService<SoldOutRecheck>();
        return builder;
    }

    public static void UseSoldOutAnswers(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SoldOutOptions>>().Value;
        if (!options.Enabled)
        {
            return;
        }

        var sales = app.Services.GetRequiredService<SoldOutSales>();
        var gates = options.Gate.Enabled ? app.Services.GetRequiredService<StockGates>() : null;
        app.Use(async (context, next) =>
        {
            if (!IsPurchase(context, out var id, out var saleId, out var address) ||
                context.User.Identity?.IsAuthenticated != true ||
                !PurchaseRules.IsValidIdempotencyKey(context.Request.Headers["Idempotency-Key"]))
            {
                await next(context);
                return;
            }

            var userId = context.User.UserId();
            if (sales.Answers(saleId, address, userId))
            {
                await ProblemTypes.SoldOut(id).ExecuteAsync(context);
                return;
            }

            var gate = gates is null ? null : await gates.GateAsync(saleId);
            var entry = gate is null ? GateEntry.PassedBy : await gates!.EnterAsync(gate, context.RequestAborted);
            if (entry == GateEntry.SoldOut && sales.Answers(saleId, address, userId))
            {
                await ProblemTypes.SoldOut(id).ExecuteAsync(context);
                return;
            }

            var admitted = false;
            try
            {
                await next(context);
                admitted = context.Response.StatusCode == StatusCodes.Status202Accepted;
            }
            finally
            {
                if (entry == GateEntry.Entered && gate!.Exit(admitted))
                {
                    gates!.Retire(saleId, gate);
                }
            }

            // On the purchase route only inventory's sold-out answer is a 409.
            if (context.Response.StatusCode == StatusCodes.Status409Conflict)
            {
                _ = HoldAsync(sales, gates, saleId, address);
            }
        });
    }

    private static async Task HoldAsync(SoldOutSales sales, StockGates? gates, long saleId, string address)
    {
        if (await sales.RaiseAsync(saleId, address))
        {
            gates?.Close(saleId);
        }
    }

    private static bool IsPurchase(HttpContext context, out string id, out long saleId, out string address)
    {
        address = context.Request.RouteValues["address"] as string ?? "";
        return MonitorExtensions.IsPurchase(context, out id, out saleId) && address.Length > 0 &&
            // Only the sale's one spelling: inventory answers "0042" as an unknown sale, not as sale 42.
            saleId.ToString(CultureInfo.InvariantCulture) == id;
    }
}

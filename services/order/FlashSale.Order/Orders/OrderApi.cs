using System.Globalization;
using FlashSale.BuildingBlocks.Ids;
using FlashSale.Order.Data;
using FlashSale.ServiceDefaults.Authentication;
using FlashSale.ServiceDefaults.OpenApi;
using FlashSale.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlashSale.Order.Orders;

public static class OrderApi
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapOrderApi(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization();
        orders.MapGet("/", ListMyOrders).WithName("ListMyOrders").ProducesProblems("validation", "rate-limited", "unavailable");
        orders.MapGet("/{id}", GetOrder).WithName("GetOrder")
            .ProducesProblems("validation", "order-not-found", "too-many-waits", "rate-limited", "unavailable");
        return app;
    }

    /// <summary>The caller's orders, newest first; `before` is the last id of the previous page.</summary>
    public static async Task<Results<Ok<OrderPage>, ProblemHttpResult>> ListMyOrders(
        HttpContext http, OrderDbContext db, int? limit, string? before, CancellationToken ct)
    {
        var pageSize = limit ?? DefaultPageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            return ProblemTypes.Validation("limit", $"must be between 1 and {MaxPageSize}.");
        }

        long? beforeId = null;
        if (before is not null)
        {
            if (!TryParseId(before, out var parsed))
            {
                return ProblemTypes.Validation("before", "must be an order id (a positive decimal integer).");
            }

            beforeId = parsed;
        }

        var userId = http.User.UserId();
        var query = db.Orders.AsNoTracking().Where(o => o.UserId == userId);
        if (beforeId is { } b)
        {
            query = query.Where(o => o.Id < b);
        }

        var page = await query.OrderByDescending(o => o.Id).Take(pageSize).ToListAsync(ct);
        var next = page.Count == pageSize ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new OrderPage(page.Select(OrderResponse.From).ToList(), next));
    }

    /// <summary>
    /// Owner only: someone else's order answers 404, exactly like a missing one. An admitted purchase
    /// whose order is still on its way answers "pending" (never 404), from inventory's reservation.
    /// With <c>waitFor</c> (statuses, comma-separated) it is a long poll: it answers as soon as the order is in
    /// one of them or final, or after <c>wait</c> seconds with the order as it stands — shoppers are told, not
    /// polling. A user holds a bounded number of such polls open at once (429 beyond).
    /// </summary>
    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetOrder(
        HttpContext http, OrderDbContext db, InventoryReservations reservations, OrderChanges changes, IOptions<OrderWaitOptions> waits,
        TimeProvider time, string id, string? waitFor, double? wait, CancellationToken ct)
    {
        if (!TryParseId(id, out var orderId))
        {
            return ProblemTypes.Validation("id", "must be an order id (a positive decimal integer).");
        }

        var userId = http.User.UserId();
        if (waitFor is null)
        {
            var stored = await FindAsync(db, orderId, userId, ct);
            return (stored is not null ? OrderResponse.From(stored) : await PendingAsync(http, reservations, orderId, ct)) is { } found
                ? TypedResults.Ok(found)
                : NotFound(orderId);
        }

        var options = waits.Value;
        if (OrderWaits.ParseStatuses(waitFor) is not { } wanted)
        {
            return ProblemTypes.Validation("waitFor", $"must name one or more of {OrderWaits.Names} (comma-separated).");
        }

        if (wait is { } seconds && (double.IsNaN(seconds) || seconds < 0 || seconds > options.MaxWait.TotalSeconds))
        {
            return ProblemTypes.Validation("wait", $"must be between 0 and {options.MaxWait.TotalSeconds} seconds.");
        }

        using var open = changes.TryOpen(userId, options.MaxOpenPerUser);
        if (open is null)
        {
            http.Response.Headers.RetryAfter = "1";
            return ProblemTypes.Problem(StatusCodes.Status429TooManyRequests, "too-many-waits", "Too many open waits.",
                $"You already wait on {options.MaxOpenPerUser} orders; wait for one of them to answer first.");
        }

        var now = time.GetUtcNow();
        var deadline = now + (wait is { } w ? TimeSpan.FromSeconds(w) : options.DefaultWait);
        // A purchase admitted a moment ago is usually an order within a second: its poll waits that long for the
        // creation (signalled) before asking inventory whether it is on its way, so most first polls cost inventory
        // nothing. The id's own time counts, never beyond now (an id from the future waits no longer).
        var issuedAt = SnowflakeId.Decompose(orderId).CreatedAt;
        var creationExpectedBy = (issuedAt < now ? issuedAt : now) + options.CreationGrace;
        OrderResponse? pending = null;
        PurchaseOrder? woken = null;
        bool Answers(PurchaseOrder o) => wanted.Contains(o.Status) || OrderStateMachine.IsFinal(o.Status);
        while (true)
        {
            var change = changes.NextChange(orderId); // before the read: a change committed after it still wakes us
            // Woken into a status it waits for (or a final one): answered as committed, without reading it again.
            var order = woken is not null && woken.UserId == userId && Answers(woken)
                ? woken
                : await FindAsync(db, orderId, userId, ct);
            if (order is null && pending is null)
            {
                var grace = Earliest(creationExpectedBy, deadline) - time.GetUtcNow();
                if (grace > TimeSpan.Zero)
                {
                    woken = await WaitAsync(change, grace < options.RecheckInterval ? grace : options.RecheckInterval, time, ct);
                    continue;
                }

                // Not created yet: inventory says whether it ever will be (once; then only the order table is read).
                pending = await PendingAsync(http, reservations, orderId, ct);
                if (pending is null)
                {
                    return NotFound(orderId);
                }
            }

            var left = deadline - time.GetUtcNow();
            if (order is not null && (Answers(order) || left <= TimeSpan.Zero))
            {
                return TypedResults.Ok(OrderResponse.From(order));
            }

            if (left <= TimeSpan.Zero)
            {
                return TypedResults.Ok(pending!);
            }

            woken = await WaitAsync(change, left < options.RecheckInterval ? left : options.RecheckInterval, time, ct);
        }
    }

    /// <summary>The order as the change committed it, or null when <paramref name="timeout"/> passed first (read it again).</summary>
    private static async Task<PurchaseOrder?> WaitAsync(Task<PurchaseOrder> change, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        var first = await Task.WhenAny(change, Task.Delay(timeout, time, ct));
        ct.ThrowIfCancellationRequested();
        return first == change ? change.Result : null;
    }

    private static Task<PurchaseOrder?> FindAsync(OrderDbContext db, long orderId, string userId, CancellationToken ct) =>
        db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.UserId == userId, ct);

    /// <summary>An order on its way answers "pending" from inventory's reservation; null when the caller has no such purchase.</summary>
    private static async Task<OrderResponse?> PendingAsync(HttpContext http, InventoryReservations reservations, long orderId, CancellationToken ct)
    {
        var token = http.Request.Headers.Authorization.ToString()["Bearer ".Length..];
        var reservation = await reservations.FindAsync(orderId, token, ct);
        return reservation is null
            ? null
            : new OrderResponse(
                reservation.OrderId, reservation.SaleId, reservation.UserId, reservation.Quantity,
                decimal.Round(reservation.UnitPrice * reservation.Quantity, 2), OrderResponse.StatusName(OrderStatus.Pending),
                SnowflakeId.Decompose(orderId).CreatedAt, null, null);
    }

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static ProblemHttpResult NotFound(long orderId) => ProblemTypes.NotFound("order-not-found", $"You have no order {orderId}.");

    private static bool TryParseId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}

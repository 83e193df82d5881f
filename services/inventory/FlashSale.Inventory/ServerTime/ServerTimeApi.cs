namespace FlashSale.Inventory.ServerTime;

public sealed record ServerTimeResponse(DateTimeOffset Now);

public static class ServerTimeApi
{
    /// <summary>Clients sync their countdown to the server's clock, not their own.</summary>
    public static IEndpointRouteBuilder MapServerTimeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/time", (TimeProvider time, HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new ServerTimeResponse(time.GetUtcNow()));
        }).WithTags("Sales").WithName("GetServerTime").AllowAnonymous();
        return app;
    }
}

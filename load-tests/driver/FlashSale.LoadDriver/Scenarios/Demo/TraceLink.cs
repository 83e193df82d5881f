using System.Net.Http.Json;
using System.Text.Json;

namespace FlashSale.LoadDriver.Scenarios.Demo;

/// <summary>
/// Where to see one paid order travel through the system: the Aspire dashboard's page of the trace that began with the
/// shopper's payment request (gateway → payment → order saga → wallet → payment → order → wallet, inventory), found
/// through the dashboard's telemetry API by the payment service's span of POST /api/orders/{id}/payment.
/// </summary>
public static class TraceLink
{
    public static readonly Cli.OptionSpec Option = new("dashboard",
        "Aspire dashboard whose telemetry API is read for one paid order's trace (./flashsale.sh demo passes it when the dashboard runs); empty: no link", "");

    /// <summary>The dashboard page of the newest paid order it still holds, or why there is none; never fails the demo.</summary>
    public static async Task<string> FindAsync(string dashboard, IEnumerable<string> paidOrderIds, CancellationToken ct)
    {
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(dashboard), Timeout = TimeSpan.FromSeconds(20) };
            var paths = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var resource in await PaymentResourcesAsync(http, ct))
            {
                var answer = await http.GetFromJsonAsync<JsonElement>($"/api/telemetry/spans?resource={Uri.EscapeDataString(resource)}&limit=100000", ct);
                foreach (var span in Spans(answer))
                {
                    if (Attribute(span, "url.path") is { } path)
                    {
                        paths[path] = span.GetProperty("traceId").GetString()!;
                    }
                }
            }

            foreach (var orderId in paidOrderIds.Reverse())
            {
                if (paths.TryGetValue($"/api/orders/{orderId}/payment", out var traceId))
                {
                    return $"{dashboard.TrimEnd('/')}/traces/detail/{traceId}   (order {orderId}, from its payment request)";
                }
            }

            return "none found: the dashboard holds no payment request of this run's paid orders";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return $"none: the dashboard's telemetry API did not answer ({e.Message})";
        }
    }

    // The dashboard answers 404 for a name shared by several instances (replicas, or a payment host restarted while it
    // ran): then each instance is asked by its own display name.
    private static async Task<IReadOnlyList<string>> PaymentResourcesAsync(HttpClient http, CancellationToken ct)
    {
        const string Payment = "FlashSale.Payment";
        var resources = await http.GetFromJsonAsync<JsonElement>("/api/telemetry/resources", ct);
        var instances = resources.EnumerateArray().Where(r => r.GetProperty("name").GetString() == Payment)
            .Select(r => r.GetProperty("displayName").GetString()!).ToList();
        return instances.Count > 1 ? instances : [Payment];
    }

    private static IEnumerable<JsonElement> Spans(JsonElement answer) =>
        answer.GetProperty("data").GetProperty("resourceSpans").EnumerateArray()
            .SelectMany(r => r.GetProperty("scopeSpans").EnumerateArray())
            .SelectMany(s => s.GetProperty("spans").EnumerateArray());

    private static string? Attribute(JsonElement span, string key) =>
        span.TryGetProperty("attributes", out var attributes)
            ? attributes.EnumerateArray().Where(a => a.GetProperty("key").GetString() == key)
                .Select(a => a.GetProperty("value").EnumerateObject().FirstOrDefault().Value.ToString()).FirstOrDefault()
            : null;
}

using System.Net.Http.Json;
using System.Text.Json;

namespace FlashSale.EndToEnd.Tests.Observability;

/// <summary>One span as the dashboard's telemetry API returns it (OTLP JSON), with the host that exported it.</summary>
public sealed record TracedSpan(string Service, string TraceId, string SpanId, string Name, IReadOnlyDictionary<string, string> Attributes);

/// <summary>Reads the Aspire dashboard's telemetry HTTP API (/api/telemetry/spans, /traces/{id}).</summary>
public sealed class DashboardTelemetry(Uri dashboard)
{
    /// <summary>The spans <paramref name="service"/> exported (the API answers the newest 200 unless told a limit).</summary>
    public async Task<IReadOnlyList<TracedSpan>> SpansAsync(string service)
    {
        using var http = new HttpClient { BaseAddress = dashboard, Timeout = TimeSpan.FromSeconds(30) };
        return Flatten(await http.GetFromJsonAsync<JsonElement>($"/api/telemetry/spans?resource={Uri.EscapeDataString(service)}&limit=10000"));
    }

    public async Task<IReadOnlyList<TracedSpan>> TraceAsync(string traceId)
    {
        using var http = new HttpClient { BaseAddress = dashboard, Timeout = TimeSpan.FromSeconds(30) };
        return Flatten(await http.GetFromJsonAsync<JsonElement>($"/api/telemetry/traces/{traceId}"));
    }

    private static List<TracedSpan> Flatten(JsonElement answer)
    {
        var spans = new List<TracedSpan>();
        foreach (var resource in answer.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = Attributes(resource.GetProperty("resource")).GetValueOrDefault("service.name", "?");
            foreach (var scope in resource.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    spans.Add(new TracedSpan(service, span.GetProperty("traceId").GetString()!, span.GetProperty("spanId").GetString()!,
                        span.GetProperty("name").GetString()!, Attributes(span)));
                }
            }
        }

        return spans;
    }

    private static Dictionary<string, string> Attributes(JsonElement owner)
    {
        var attributes = new Dictionary<string, string>();
        if (owner.TryGetProperty("attributes", out var list))
        {
            foreach (var attribute in list.EnumerateArray())
            {
                var value = attribute.GetProperty("value");
                attributes[attribute.GetProperty("key").GetString()!] = value.EnumerateObject().FirstOrDefault().Value.ToString();
            }
        }

        return attributes;
    }
}

using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using FlashSale.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FlashSale.EndToEnd.Tests.Gateway;

/// <summary>
/// OWASP API7 (server-side request forgery). No endpoint takes a URL, so the one component that makes requests on a
/// client's behalf is the gateway, a reverse proxy: it must never become an open proxy. A client cannot steer it to
/// another host (absolute-form targets, CONNECT, Host and X-Forwarded-Host headers) nor, by encoding, to the services'
/// internal routes; and no operation of any OpenAPI document accepts a URL to fetch.
/// </summary>
[Collection(SharedSystem.Name)]
public sealed class ServerSideRequestForgeryTests(FlashSaleSystemFixture fixture)
{
    private static readonly string[] UrlLikeNames = ["url", "uri", "href", "callback", "webhook", "redirect", "endpoint", "host"];

    private static readonly string[] NestedSchemaKeys = ["items", "additionalProperties"];
    private static readonly string[] CombinedSchemaKeys = ["allOf", "anyOf", "oneOf"];

    private FlashSaleSystem Running => fixture.System;

    [Fact]
    public async Task A_client_cannot_send_the_gateway_to_a_host_of_its_choosing()
    {
        var hits = 0;
        await using var victim = await FakeHttpPeer.StartAsync(app => app.Map("/{**path}", (HttpContext _) =>
        {
            Interlocked.Increment(ref hits);
            return Results.Ok("internal secret");
        }));
        var authority = victim.Address.Authority;
        var gateway = Running.Gateway.BaseAddress;

        string[] requests =
        [
            $"GET http://{authority}/latest/meta-data HTTP/1.1\r\nHost: {authority}\r\n",
            $"GET http://{authority}/api/sales HTTP/1.1\r\nHost: {authority}\r\n",
            $"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n",
            $"GET /api/sales HTTP/1.1\r\nHost: {authority}\r\n",
            $"GET /api/sales HTTP/1.1\r\nHost: {gateway.Authority}\r\nX-Forwarded-Host: {authority}\r\nX-Forwarded-Proto: http\r\n",
            $"GET //{authority}/latest/meta-data HTTP/1.1\r\nHost: {gateway.Authority}\r\n",
        ];
        var answers = new List<string>();
        foreach (var request in requests)
        {
            answers.Add(await SendRawAsync(gateway, request + "Connection: close\r\n\r\n"));
        }

        Assert.Equal(0, Volatile.Read(ref hits));
        Assert.All(answers, answer => Assert.DoesNotContain("internal secret", answer, StringComparison.Ordinal));
        // The requests with a path the gateway routes reached the services they name, which answered as they always do.
        Assert.StartsWith("HTTP/1.1 200", answers[3], StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", answers[4], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/internal/reservations/1")]
    [InlineData("/api/sales/../../internal/reservations/1")]
    [InlineData("/api/sales/%2e%2e/%2e%2e/internal/reservations/1")]
    [InlineData("/api/sales/..%2F..%2Finternal%2Freservations%2F1")]
    [InlineData("/api/sales/%252e%252e/%252e%252e/internal/reservations/1")]
    [InlineData("/api/sales/1/..%5C..%5Cinternal%5Creservations%5C1")]
    public async Task No_spelling_of_a_path_reaches_a_services_internal_route(string path)
    {
        var token = TestTokens.Create($"u-ssrf-{Guid.NewGuid():N}"[..24], "shopper");
        var gateway = Running.Gateway.BaseAddress;

        // Written on the socket as is: HttpClient would resolve the dot segments itself.
        var answer = await SendRawAsync(gateway, $"GET {path} HTTP/1.1\r\nHost: {gateway.Authority}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n");

        // Only inventory's internal lookup answers "reservation-not-found" (shared/FlashSale.ServiceDefaults/OpenApi/ProblemCatalogue.cs).
        Assert.DoesNotContain("reservation-not-found", answer, StringComparison.Ordinal);
        Assert.Matches("^HTTP/1.1 4[0-9][0-9] ", answer);
    }

    [Fact]
    public async Task No_operation_takes_a_url_to_fetch()
    {
        using var client = Running.CreateGatewayClient();
        var inputs = new List<string>();
        foreach (var host in FlashSaleSystem.ServiceProjects.Keys.Prepend("gateway"))
        {
            var document = await client.GetFromJsonAsync<JsonElement>(host == "gateway" ? "/openapi/v1.json" : $"/openapi/{host}.json");
            inputs.AddRange(Inputs(document));
        }

        // The documents describe inputs at all (an empty list would prove nothing): purchases take a token and a quantity.
        Assert.Contains("quantity", inputs);
        var urlLike = inputs.Where(name => name == "format:uri" || UrlLikeNames.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(urlLike.Count == 0, $"inputs that look like a URL to fetch: {string.Join(", ", urlLike)}");
    }

    /// <summary>
    /// What a client can send to a document's operations: every parameter name, and every property name and string
    /// format of the request bodies' schemas (their references followed). Responses are not inputs: a problem's
    /// "type" is a URI the server writes.
    /// </summary>
    private static List<string> Inputs(JsonElement document)
    {
        var schemas = document.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s) ? s : default;
        var found = new List<string>();
        foreach (var operation in document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).Where(o => o.Value.ValueKind == JsonValueKind.Object))
        {
            if (operation.Value.TryGetProperty("parameters", out var parameters))
            {
                found.AddRange(parameters.EnumerateArray().Select(p => p.GetProperty("name").GetString()!));
            }

            if (operation.Value.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content))
            {
                foreach (var media in content.EnumerateObject().Where(m => m.Value.TryGetProperty("schema", out _)))
                {
                    Walk(media.Value.GetProperty("schema"), schemas, found, []);
                }
            }
        }

        return found;

        static void Walk(JsonElement schema, JsonElement schemas, List<string> found, HashSet<string> seen)
        {
            if (schema.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (schema.TryGetProperty("$ref", out var reference))
            {
                var name = reference.GetString()!.Split('/')[^1];
                if (seen.Add(name) && schemas.ValueKind == JsonValueKind.Object && schemas.TryGetProperty(name, out var target))
                {
                    Walk(target, schemas, found, seen);
                }

                return;
            }

            if (schema.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String)
            {
                found.Add($"format:{format.GetString()}");
            }

            if (schema.TryGetProperty("properties", out var properties))
            {
                foreach (var property in properties.EnumerateObject())
                {
                    found.Add(property.Name);
                    Walk(property.Value, schemas, found, seen);
                }
            }

            foreach (var nested in NestedSchemaKeys.Where(k => schema.TryGetProperty(k, out _)).Select(k => schema.GetProperty(k)))
            {
                Walk(nested, schemas, found, seen);
            }

            foreach (var combined in CombinedSchemaKeys.Where(k => schema.TryGetProperty(k, out _)).SelectMany(k => schema.GetProperty(k).EnumerateArray()))
            {
                Walk(combined, schemas, found, seen);
            }
        }
    }

    /// <summary>Writes one request exactly as given (no client library normalising it) and returns the whole answer.</summary>
    private static async Task<string> SendRawAsync(Uri gateway, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.Host, gateway.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await reader.ReadToEndAsync(timeout.Token);
    }
}

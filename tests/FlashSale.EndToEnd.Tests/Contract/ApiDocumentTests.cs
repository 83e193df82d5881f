using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Contract;

/// <summary>
/// docs/api.md is the contract as implemented: every route it lists is in its host's OpenAPI document, and every
/// route an OpenAPI document shows is in docs/api.md. A new endpoint without documentation fails here, and so does
/// documentation of an endpoint that is gone.
/// </summary>
[Collection(SharedSystem.Name)]
public sealed partial class ApiDocumentTests(FlashSaleSystemFixture fixture)
{
    private static readonly string[] HttpMethods = ["get", "post", "put", "delete", "patch"];
    private const string ProblemBaseUri = "https://flashsale.dev/problems/";

    [Fact]
    public async Task Every_documented_route_is_served_and_every_served_route_is_documented()
    {
        var documented = DocumentedRoutes(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "api.md")));
        using var client = fixture.System.CreateGatewayClient();

        Assert.Equal(["gateway", .. FlashSaleSystem.ServiceProjects.Keys.Order(StringComparer.Ordinal)], documented.Keys.Order(StringComparer.Ordinal));
        foreach (var (host, routes) in documented)
        {
            // The gateway serves its own document; each service's is routed through it under the service's name.
            var document = await client.GetFromJsonAsync<JsonElement>(host == "gateway" ? "/openapi/v1.json" : $"/openapi/{host}.json");
            var served = ServedRoutes(document);

            Assert.True(served.SetEquals(routes),
                $"docs/api.md and the {host} OpenAPI document differ. Only documented: [{string.Join(", ", routes.Except(served))}]; " +
                $"only served: [{string.Join(", ", served.Except(routes))}].");
        }
    }

    /// <summary>
    /// The documents carry the contract beyond the routes: the bearer scheme, required by every endpoint that is not
    /// anonymous; on every operation the problems it answers, each a type of the catalogue; the hot path's 409
    /// sold-out; example requests for purchase and payment; and no internal route. The API reference serves them.
    /// </summary>
    [Fact]
    public async Task Every_document_declares_the_bearer_scheme_and_the_problems_of_each_operation()
    {
        using var client = fixture.System.CreateGatewayClient();
        var operations = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var host in FlashSaleSystem.ServiceProjects.Keys.Prepend("gateway"))
        {
            var document = await client.GetFromJsonAsync<JsonElement>(host == "gateway" ? "/openapi/v1.json" : $"/openapi/{host}.json");
            var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
            Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
            foreach (var path in document.GetProperty("paths").EnumerateObject())
            {
                Assert.DoesNotContain("/internal/", path.Name, StringComparison.Ordinal);
                foreach (var operation in path.Value.EnumerateObject().Where(o => HttpMethods.Contains(o.Name)))
                {
                    operations[$"{operation.Name.ToUpperInvariant()} {path.Name}"] = operation.Value;
                }
            }
        }

        foreach (var (route, operation) in operations)
        {
            var problems = ProblemTypesOf(operation);
            var anonymous = route is "POST /api/auth/token" or "GET /api/time" or "GET /api/sales" or "GET /api/sales/{id}";
            Assert.True(anonymous != operation.TryGetProperty("security", out _), $"{route}: security requirement present only when a token is needed");
            Assert.True(anonymous || problems.Contains("401 unauthorized"), $"{route} documents no 401: [{string.Join(", ", problems)}]");
            Assert.True(route == "GET /api/time" || problems.Count > 0, $"{route} documents no problem response");
            Assert.True(!route.Contains("/api/admin/", StringComparison.Ordinal) || problems.Contains("403 forbidden"), $"{route} documents no 403 forbidden");
        }

        Assert.Superset(new HashSet<string> { "409 sold-out", "403 limit-reached", "403 invalid-token", "429 rate-limited", "503 busy", "400 validation", "404 sale-not-found", "404 purchase-address-unknown" },
            ProblemTypesOf(operations["POST /api/sales/{id}/purchases/{address}"]));
        Assert.Superset(new HashSet<string> { "409 order-not-payable", "404 order-not-found", "429 rate-limited" }, ProblemTypesOf(operations["POST /api/orders/{id}/payment"]));
        var purchaseBody = operations["POST /api/sales/{id}/purchases/{address}"].GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
        Assert.Equal(1, purchaseBody.GetProperty("example").GetProperty("quantity").GetInt32());
        Assert.Contains(operations["POST /api/orders/{id}/payment"].GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.TryGetProperty("example", out _));

        // The API reference page lists every service's document (paths relative to the gateway's root) and sends "try it" to the gateway.
        var reference = await client.GetStringAsync("/scalar/");
        Assert.All(FlashSaleSystem.ServiceProjects.Keys, service => Assert.Contains($"\"openapi/{service}.json\"", reference, StringComparison.Ordinal));
        Assert.Contains("\"preferredSecurityScheme\":[\"Bearer\"]", reference, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/scalar/scalar.js")).StatusCode);
    }

    /// <summary>"status type" for every problem example of the operation's responses.</summary>
    private static HashSet<string> ProblemTypesOf(JsonElement operation)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var response in operation.GetProperty("responses").EnumerateObject())
        {
            if (response.Value.TryGetProperty("content", out var content) && content.TryGetProperty("application/problem+json", out var problem)
                && problem.TryGetProperty("examples", out var examples))
            {
                foreach (var example in examples.EnumerateObject())
                {
                    var type = example.Value.GetProperty("value").GetProperty("type").GetString()!;
                    Assert.StartsWith(ProblemBaseUri, type, StringComparison.Ordinal);
                    types.Add($"{response.Name} {type[ProblemBaseUri.Length..]}");
                }
            }
        }

        return types;
    }

    [Fact]
    public void The_parser_reads_the_route_tables_under_their_host_headings()
    {
        var routes = DocumentedRoutes("""
            ## order service (127.0.0.1:8082)
            | method | path | auth | description |
            |---|---|---|---|
            | GET | /api/orders/{id} | jwt | one order |
            | POST | /api/orders | jwt | |
            ## Gateway routes
            | GET /api/x | not a route row |
            """);

        Assert.Equal(["GET /api/orders/{id}", "POST /api/orders"], routes["order"].Order(StringComparer.Ordinal));
        Assert.Single(routes);
    }

    private static Dictionary<string, HashSet<string>> DocumentedRoutes(string markdown)
    {
        var routes = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string>? current = null;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                var host = HostHeading().Match(line);
                current = host.Success ? routes[host.Groups["host"].Value] = [] : null;
            }
            else if (current is not null && RouteRow().Match(line) is { Success: true } row)
            {
                current.Add($"{row.Groups["method"].Value} {row.Groups["path"].Value}");
            }
        }

        return routes;
    }

    private static HashSet<string> ServedRoutes(JsonElement document)
    {
        var served = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => HttpMethods.Contains(o.Name)))
            {
                served.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
            }
        }

        return served;
    }

    [GeneratedRegex(@"^## (?<host>[a-z]+) service \(")]
    private static partial Regex HostHeading();

    [GeneratedRegex(@"^\| (?<method>GET|POST|PUT|DELETE|PATCH) \| (?<path>/[^ |]*) \|")]
    private static partial Regex RouteRow();
}

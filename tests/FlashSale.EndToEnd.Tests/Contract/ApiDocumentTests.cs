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

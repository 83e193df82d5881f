using System.Text.RegularExpressions;
using FlashSale.Deployment.Tests.Support;
using FlashSale.Testing;
using YamlDotNet.RepresentationModel;

namespace FlashSale.Deployment.Tests.Compose;

/// <summary>
/// docker-compose.yml, validated by docker-compose itself (no engine needed) and read as docker-compose resolves it
/// (anchors merged): every host is health-checked, started after what it needs is healthy, exports telemetry, leases
/// its worker id, and publishes nothing beyond loopback.
/// </summary>
public sealed partial class ComposeFileTests
{
    private const string InstallHint = "./flashsale.sh test installs the docker-compose package (apt-get install docker-compose)";
    private static readonly string ComposeFile = Path.Combine(RepositoryRoot.Path, "docker-compose.yml");
    private static readonly Lazy<Task<YamlMappingNode>> Resolved = new(ResolveAsync);

    [Fact]
    public async Task Docker_compose_file_is_valid()
    {
        var result = await Tool.RunAsync("docker-compose", InstallHint, "-f", ComposeFile, "config", "-q");

        Assert.True(result.ExitCode == 0, $"docker-compose config -q failed: {result.Errors}");
    }

    [Fact]
    public void The_file_has_no_obsolete_version_key() => Assert.DoesNotMatch(VersionKey(), File.ReadAllText(ComposeFile));

    [Fact]
    public async Task Every_host_project_is_a_service_built_from_the_dockerfile()
    {
        var hosts = (await HostServicesAsync()).Select(h => h.Host.Name).Order(StringComparer.Ordinal);

        Assert.Equal(HostProjects.All.Select(h => h.Name), hosts);
    }

    [Fact]
    public async Task Every_host_has_a_healthcheck_and_starts_after_what_it_needs_is_healthy()
    {
        var services = Map(await Resolved.Value, "services");
        foreach (var (name, _, service) in await HostServicesAsync())
        {
            var test = Node(Map(service, "healthcheck"), "test") as YamlSequenceNode;
            Assert.True(test is { Children.Count: > 1 }, $"{name} has no healthcheck");

            var dependencies = Map(service, "depends_on");
            Assert.NotEmpty(dependencies.Children);
            foreach (var (dependency, condition) in dependencies.Children)
            {
                var target = Map(services, ((YamlScalarNode)dependency).Value!);
                if (Scalar((YamlMappingNode)condition, "condition") == "service_healthy")
                {
                    Assert.True(target.Children.ContainsKey(new YamlScalarNode("healthcheck")), $"{name} waits for {dependency} to be healthy, which has no healthcheck");
                }
            }
        }

        // The gateway is ready only when every service is: it waits for each to be healthy.
        var gateway = Map(services, "gateway");
        foreach (var host in HostProjects.All.Where(h => h.Name != "gateway"))
        {
            Assert.Equal("service_healthy", Scalar(Map(Map(gateway, "depends_on"), host.Name), "condition"));
        }
    }

    [Fact]
    public async Task Every_host_exports_telemetry_to_a_service_of_the_file()
    {
        var services = Map(await Resolved.Value, "services");
        foreach (var (name, _, service) in await HostServicesAsync())
        {
            var endpoint = Scalar(Map(service, "environment"), "OTEL_EXPORTER_OTLP_ENDPOINT");
            Assert.True(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && services.Children.ContainsKey(new YamlScalarNode(uri.Host)),
                $"{name} exports telemetry to '{endpoint}', which is no service of docker-compose.yml");
        }
    }

    [Fact]
    public async Task Every_environment_variable_of_a_host_is_a_configuration_key_it_reads_and_none_fixes_a_worker_id()
    {
        var unknown = new List<string>();
        foreach (var (name, host, service) in await HostServicesAsync())
        {
            var keys = HostConfigurationKeys.Of(host);
            var variables = Map(service, "environment").Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
            // --scale would start two containers with one fixed id: each container leases its own from Redis instead.
            Assert.DoesNotContain(variables, v => v.Equals("Ids__WorkerId", StringComparison.OrdinalIgnoreCase));
            unknown.AddRange(variables.Where(v => !keys.Reads(v)).Select(v => $"{name}: {v}"));
        }

        Assert.True(unknown.Count == 0, $"settings no host reads:\n{string.Join('\n', unknown)}");
    }

    [Fact]
    public async Task Every_published_port_binds_loopback_only()
    {
        var published = (
            from service in Map(await Resolved.Value, "services").Children
            let ports = Node((YamlMappingNode)service.Value, "ports") as YamlSequenceNode
            from port in ports?.Children ?? []
            select (Service: ((YamlScalarNode)service.Key).Value, Port: ((YamlScalarNode)port).Value!)).ToList();

        Assert.NotEmpty(published);
        Assert.All(published, p => Assert.True(p.Port.StartsWith("127.0.0.1:", StringComparison.Ordinal), $"{p.Service} publishes {p.Port} on every interface"));
    }

    private sealed record HostService(string Name, HostProject Host, YamlMappingNode Service);

    /// <summary>The services built from the Dockerfile, each with the host project its PROJECT build argument names.</summary>
    private static async Task<List<HostService>> HostServicesAsync() =>
        (from service in Map(await Resolved.Value, "services").Children
         let body = (YamlMappingNode)service.Value
         where body.Children.ContainsKey(new YamlScalarNode("build"))
         let project = Scalar(Map(Map(body, "build"), "args"), "PROJECT")
         let host = HostProjects.All.SingleOrDefault(h => h.RelativeFolder == project)
             ?? throw new InvalidOperationException($"{service.Key} builds {project}, which is no host project")
         select new HostService(((YamlScalarNode)service.Key).Value!, host, body)).ToList();

    private static async Task<YamlMappingNode> ResolveAsync()
    {
        var result = await Tool.RunAsync("docker-compose", InstallHint, "-f", ComposeFile, "config");
        Assert.True(result.ExitCode == 0, $"docker-compose config failed: {result.Errors}");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(result.Output));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlNode? Node(YamlMappingNode node, string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static YamlMappingNode Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlMappingNode map ? map : new YamlMappingNode();

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    [GeneratedRegex(@"^version\s*:", RegexOptions.Multiline)]
    private static partial Regex VersionKey();
}

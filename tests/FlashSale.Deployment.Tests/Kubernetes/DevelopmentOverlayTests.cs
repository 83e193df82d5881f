using System.Text.RegularExpressions;
using FlashSale.Testing;
using k8s.Models;

namespace FlashSale.Deployment.Tests.Kubernetes;

/// <summary>k8s/overlays/dev: one replica each, the development profile, and a k6 Job with the repository's scripts.</summary>
public sealed partial class DevelopmentOverlayTests
{
    private static readonly string ScriptsRoot = Path.Combine(RepositoryRoot.Path, "load-tests", "k6");

    [Fact]
    public async Task Every_host_runs_one_replica_in_the_development_profile_with_the_token_issuer_on()
    {
        var rendered = await RenderedOverlay.OfAsync(RenderedOverlay.Dev);
        foreach (var deployment in rendered.HostDeployments)
        {
            Assert.Equal(1, deployment.Spec.Replicas);
            var variables = HostDeploymentTests.EnvironmentVariables(rendered, deployment).ToDictionary(v => v.Name, v => v.Value);
            Assert.Equal("Development", variables.GetValueOrDefault("ASPNETCORE_ENVIRONMENT"));
        }

        var gateway = rendered.HostDeployments.Single(d => d.Metadata.Name == "gateway");
        Assert.Contains(HostDeploymentTests.EnvironmentVariables(rendered, gateway), v => v.Name == "Auth__DevIssuer__Enabled" && v.Value == "true");
    }

    [Fact]
    public async Task The_k6_job_mounts_every_script_of_load_tests_k6_where_the_imports_expect_it()
    {
        var rendered = await RenderedOverlay.OfAsync(RenderedOverlay.Dev);
        var job = Assert.Single(rendered.All<V1Job>(), j => j.Metadata.Name == "k6");
        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        var volumes = job.Spec.Template.Spec.Volumes.ToDictionary(v => v.Name);

        // Each mounted ConfigMap's files, at the path the container sees them.
        var mounted = (
            from mount in container.VolumeMounts
            where volumes[mount.Name].ConfigMap is not null
            from file in rendered.ConfigMap(volumes[mount.Name].ConfigMap.Name).Data.Keys
            select $"{mount.MountPath}/{file}").ToHashSet();
        var scripts = Directory.EnumerateFiles(ScriptsRoot, "*.js", SearchOption.AllDirectories)
            .Select(f => "/scripts/" + Path.GetRelativePath(ScriptsRoot, f).Replace('\\', '/')).ToHashSet();

        Assert.Equal(scripts.Order(StringComparer.Ordinal), mounted.Order(StringComparer.Ordinal));
        Assert.Contains(container.Args, a => mounted.Contains(a));
    }

    [Fact]
    public async Task The_k6_job_sets_only_variables_the_scripts_read()
    {
        var rendered = await RenderedOverlay.OfAsync(RenderedOverlay.Dev);
        var container = Assert.Single(Assert.Single(rendered.All<V1Job>()).Spec.Template.Spec.Containers);
        var read = Directory.EnumerateFiles(ScriptsRoot, "*.js", SearchOption.AllDirectories)
            .SelectMany(f => EnvironmentRead().Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(read);
        Assert.All(container.Env, v => Assert.True(read.Contains(v.Name), $"k6 Job sets {v.Name}, which no script reads"));
    }

    // lib/config.js: envString('BASE_URL', ...), envInt('SHOPPERS', ...), ... and __ENV.NAME elsewhere.
    [GeneratedRegex(@"\benv(?:String|Number|Int|Bool|Duration)\(\s*'(?<name>[A-Z0-9_]+)'|__ENV\.(?<name>[A-Z0-9_]+)")]
    private static partial Regex EnvironmentRead();
}

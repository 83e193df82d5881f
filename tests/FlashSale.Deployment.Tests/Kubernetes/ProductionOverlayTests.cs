using System.Text;
using System.Text.Json;
using FlashSale.Deployment.Tests.Support;
using FlashSale.Testing;
using k8s.Models;

namespace FlashSale.Deployment.Tests.Kubernetes;

/// <summary>k8s/overlays/prod: replicated, disruption-budgeted, autoscaled, and free of every development value.</summary>
public sealed class ProductionOverlayTests
{
    [Fact]
    public async Task Every_host_runs_at_least_two_replicas_with_a_disruption_budget_that_keeps_one()
    {
        var rendered = await RenderedOverlay.OfAsync(RenderedOverlay.Prod);
        foreach (var deployment in rendered.HostDeployments)
        {
            var name = deployment.Metadata.Name;
            Assert.True(deployment.Spec.Replicas >= 2, $"prod: {name} runs {deployment.Spec.Replicas} replica(s)");
            var budget = Assert.Single(rendered.All<V1PodDisruptionBudget>(), b => b.Metadata.Name == name);
            var allowedDown = budget.Spec.MaxUnavailable is { } max ? int.Parse(max.Value, System.Globalization.CultureInfo.InvariantCulture)
                : deployment.Spec.Replicas!.Value - int.Parse(budget.Spec.MinAvailable.Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(allowedDown >= 1 && allowedDown < deployment.Spec.Replicas, $"prod: {name}'s budget allows {allowedDown} of {deployment.Spec.Replicas} down");
        }

        Assert.All(rendered.All<V2HorizontalPodAutoscaler>(), a => Assert.True(a.Spec.MinReplicas >= 2, $"prod: {a.Metadata.Name} may scale below 2"));
    }

    [Fact]
    public async Task Runs_the_production_profile_without_the_development_issuer()
    {
        var rendered = await RenderedOverlay.OfAsync(RenderedOverlay.Prod);
        foreach (var deployment in rendered.HostDeployments)
        {
            var variables = HostDeploymentTests.EnvironmentVariables(rendered, deployment).ToDictionary(v => v.Name, v => v.Value);
            Assert.Equal("Production", variables.GetValueOrDefault("ASPNETCORE_ENVIRONMENT"));
            Assert.NotEqual("true", variables.GetValueOrDefault("Auth__DevIssuer__Enabled")?.ToLowerInvariant());
        }

        Assert.Empty(rendered.All<V1Job>());
    }

    [Fact]
    public async Task Holds_no_secret_value_and_no_development_key_or_password()
    {
        var rendered = await RenderedOverlay.OfAsync(RenderedOverlay.Prod);

        // Secrets come from the external store: a Secret written into the rendering would be a secret in the repository.
        Assert.Empty(rendered.All<V1Secret>());
        Assert.NotEmpty(rendered.All<ExternalSecret>());

        var found = DevelopmentValues().Where(v => rendered.Yaml.Contains(v.Value, StringComparison.Ordinal)).Select(v => $"{v.Value} (from {v.Source})").ToList();
        Assert.True(found.Count == 0, $"prod contains development values:\n{string.Join('\n', found)}");
    }

    /// <summary>
    /// The repository's development values: every string of the hosts' appsettings.Development.json and the values of
    /// the dev overlay's generated Secrets. Short or generic ones ("true", a port) are not secrets and are left out.
    /// </summary>
    private static IEnumerable<(string Value, string Source)> DevelopmentValues()
    {
        foreach (var host in HostProjects.All)
        {
            var file = Path.Combine(host.ProjectFolder, "appsettings.Development.json");
            if (File.Exists(file))
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file));
                foreach (var value in Strings(document.RootElement).Where(s => s.Length >= 8 && !s.Contains(' ', StringComparison.Ordinal)))
                {
                    yield return (value, Path.GetRelativePath(RepositoryRoot.Path, file));
                }
            }
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "k8s", "overlays", "dev", "secrets"), "*.env"))
        {
            var source = Path.GetRelativePath(RepositoryRoot.Path, file);
            foreach (var line in File.ReadLines(file).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#')))
            {
                var (key, value) = (line[..line.IndexOf('=', StringComparison.Ordinal)], line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                if (key.EndsWith("-username", StringComparison.Ordinal))
                {
                    continue; // an account name, not a secret (and a common word)
                }

                yield return (value, source);
                // As a Secret's data would hold it.
                yield return (Convert.ToBase64String(Encoding.UTF8.GetBytes(value)), source);
                // A password inside a connection string is development too, wherever it appears.
                foreach (var part in value.Split([';', ',', '@', ':', '/'], StringSplitOptions.RemoveEmptyEntries)
                    .Where(p => p.StartsWith("password=", StringComparison.OrdinalIgnoreCase) || p.Contains("-dev", StringComparison.Ordinal)))
                {
                    yield return (part.Split('=').Last(), source);
                }
            }
        }
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.String => [element.GetString()!],
        _ => [],
    };
}

using FlashSale.Deployment.Tests.Support;
using k8s.Models;

namespace FlashSale.Deployment.Tests.Kubernetes;

/// <summary>Every host's Deployment in both overlays: what it runs, how it is probed, limited, secured and stopped.</summary>
public sealed class HostDeploymentTests
{
    public static TheoryData<string> Overlays() => [RenderedOverlay.Dev, RenderedOverlay.Prod];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_host_project_has_a_deployment_and_nothing_else_is_called_a_host(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);

        Assert.Equal(HostProjects.All.Select(h => h.Name), rendered.HostDeployments.Select(d => d.Metadata.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_host_has_startup_readiness_and_liveness_probes_on_its_health_endpoints(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        foreach (var deployment in rendered.HostDeployments)
        {
            var host = HostContainer(deployment);
            var where = $"{overlay}: {deployment.Metadata.Name}";
            Assert.True(host.StartupProbe?.HttpGet is not null, $"{where} has no HTTP startup probe");
            Assert.True(host.ReadinessProbe?.HttpGet?.Path == "/health/ready", $"{where}: readiness must ask /health/ready");
            Assert.True(host.LivenessProbe?.HttpGet?.Path == "/health/live", $"{where}: liveness must ask /health/live (a dependency outage must not restart it)");
            foreach (var probe in new[] { host.StartupProbe!, host.ReadinessProbe!, host.LivenessProbe! })
            {
                Assert.True(ContainerPort(host, probe.HttpGet.Port) == 8080, $"{where}: a probe asks port {probe.HttpGet.Port}, not the host's 8080");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_host_has_requests_and_limits(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        foreach (var deployment in rendered.HostDeployments)
        {
            var resources = HostContainer(deployment).Resources;
            foreach (var resource in new[] { "cpu", "memory" })
            {
                Assert.True(resources?.Requests?.ContainsKey(resource) == true, $"{overlay}: {deployment.Metadata.Name} requests no {resource}");
                Assert.True(resources?.Limits?.ContainsKey(resource) == true, $"{overlay}: {deployment.Metadata.Name} has no {resource} limit");
                Assert.True(resources.Requests[resource].ToDecimal() <= resources.Limits[resource].ToDecimal(),
                    $"{overlay}: {deployment.Metadata.Name} requests more {resource} than its limit");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_host_runs_non_root_read_only_without_privileges(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        foreach (var deployment in rendered.HostDeployments)
        {
            var pod = deployment.Spec.Template.Spec.SecurityContext;
            var container = HostContainer(deployment).SecurityContext;
            var where = $"{overlay}: {deployment.Metadata.Name}";
            Assert.True((container?.RunAsNonRoot ?? pod?.RunAsNonRoot) == true, $"{where} may run as root");
            Assert.True((container?.RunAsUser ?? pod?.RunAsUser) is > 0, $"{where} names no non-root user id");
            Assert.True(container?.ReadOnlyRootFilesystem == true, $"{where} has a writable root filesystem");
            Assert.True(container?.AllowPrivilegeEscalation == false, $"{where} allows privilege escalation");
            Assert.True(container?.Capabilities?.Drop?.Contains("ALL") == true, $"{where} does not drop ALL capabilities");
            Assert.True(deployment.Spec.Template.Spec.AutomountServiceAccountToken == false, $"{where} mounts a service account token it never uses");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_host_stops_gracefully_and_spreads_its_replicas(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        foreach (var deployment in rendered.HostDeployments)
        {
            var spec = deployment.Spec.Template.Spec;
            var preStop = HostContainer(deployment).Lifecycle?.PreStop?.Sleep?.Seconds;
            var where = $"{overlay}: {deployment.Metadata.Name}";
            Assert.True(preStop is > 0, $"{where} has no preStop delay (endpoints would still route to a stopping pod)");
            // .NET's host waits up to 30 s for the hosted services (consumers, relays) to finish after the preStop delay.
            Assert.True(spec.TerminationGracePeriodSeconds >= preStop + 30, $"{where}: the grace period does not cover preStop + 30 s of shutdown");
            Assert.Contains(spec.TopologySpreadConstraints ?? [], c => c.TopologyKey == "kubernetes.io/hostname");
            Assert.All(spec.TopologySpreadConstraints ?? [], c => Assert.True(
                Matches(c.LabelSelector, deployment.Spec.Template.Metadata.Labels) && c.MatchLabelKeys?.Contains("app.kubernetes.io/name") == true,
                $"{where}: a spread constraint does not count this host's own pods"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task No_host_is_given_a_fixed_snowflake_worker_id(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        foreach (var deployment in rendered.HostDeployments)
        {
            var names = EnvironmentVariables(rendered, deployment).Select(v => v.Name);
            // Each replica leases its own worker id from Redis: a fixed one would repeat in every replica the HPA adds.
            Assert.DoesNotContain(names, n => n.Equals("Ids__WorkerId", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_environment_variable_of_a_host_is_a_configuration_key_it_reads(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var unknown = (
            from deployment in rendered.HostDeployments
            let keys = HostConfigurationKeys.Of(HostProjects.Named(deployment.Metadata.Name))
            from variable in EnvironmentVariables(rendered, deployment)
            where !keys.Reads(variable.Name)
            select $"{deployment.Metadata.Name}: {variable.Name} (from {variable.Source})").ToList();

        Assert.True(unknown.Count == 0, $"{overlay}: settings no host reads (a typo, or a key renamed in the code):\n{string.Join('\n', unknown)}");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_host_exports_telemetry_to_the_collector(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var services = rendered.All<V1Service>().ToDictionary(s => s.Metadata.Name);
        foreach (var deployment in rendered.HostDeployments)
        {
            var endpoint = EnvironmentVariables(rendered, deployment).SingleOrDefault(v => v.Name == "OTEL_EXPORTER_OTLP_ENDPOINT")?.Value;
            Assert.True(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri), $"{overlay}: {deployment.Metadata.Name} exports no telemetry");
            Assert.True(services.TryGetValue(uri.Host, out var collector) && collector.Spec.Ports.Any(p => p.Port == uri.Port),
                $"{overlay}: {deployment.Metadata.Name} exports to {endpoint}, which no Service of the overlay answers");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_host_service_and_budget_selects_its_pods(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        foreach (var deployment in rendered.HostDeployments)
        {
            var name = deployment.Metadata.Name;
            var labels = deployment.Spec.Template.Metadata.Labels;
            Assert.True(Matches(deployment.Spec.Selector, labels), $"{overlay}: {name}'s selector does not match its own pods");

            var service = Assert.Single(rendered.All<V1Service>(), s => s.Metadata.Name == name);
            Assert.True(service.Spec.Selector.All(l => labels.Label(l.Key) == l.Value), $"{overlay}: Service {name} does not select {name}'s pods");
            var port = Assert.Single(service.Spec.Ports);
            Assert.Equal(8080, ContainerPort(HostContainer(deployment), port.TargetPort));

            var budget = Assert.Single(rendered.All<V1PodDisruptionBudget>(), b => b.Metadata.Name == name);
            Assert.True(Matches(budget.Spec.Selector, labels), $"{overlay}: PodDisruptionBudget {name} does not select {name}'s pods");
        }

        foreach (var workload in rendered.Workloads.Where(w => w.Kind != "Job"))
        {
            var others = rendered.Workloads.Where(w => w != workload && w.Kind != "Job");
            Assert.All(others, other => Assert.False(Matches(SelectorOf(rendered, workload), other.Template.Metadata.Labels),
                $"{overlay}: {workload}'s selector also matches {other}'s pods"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_gateway_and_inventory_scale_horizontally_and_every_autoscaler_targets_a_deployment(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var autoscalers = rendered.All<V2HorizontalPodAutoscaler>().ToList();
        foreach (var name in new[] { "gateway", "inventory" })
        {
            Assert.Contains(autoscalers, a => a.Spec.ScaleTargetRef.Name == name);
        }

        Assert.All(autoscalers, a => Assert.Contains(rendered.Deployments, d => d.Metadata.Name == a.Spec.ScaleTargetRef.Name && a.Spec.ScaleTargetRef.Kind == "Deployment"));
        Assert.All(autoscalers, a => Assert.True(a.Spec.MinReplicas <= a.Spec.MaxReplicas, $"{a.Metadata.Name}: min above max"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_ingress_routes_to_the_gateway_only(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var ingress = Assert.Single(rendered.All<V1Ingress>());
        var backends = ingress.Spec.Rules.SelectMany(r => r.Http.Paths).Select(p => p.Backend.Service).ToList();

        Assert.NotEmpty(backends);
        Assert.All(backends, b => Assert.Equal("gateway", b.Name));
        var gateway = Assert.Single(rendered.All<V1Service>(), s => s.Metadata.Name == "gateway");
        Assert.All(backends, b => Assert.Contains(gateway.Spec.Ports, p => p.Name == b.Port.Name || p.Port == b.Port.Number));
    }

    internal static V1Container HostContainer(V1Deployment deployment) => Assert.Single(deployment.Spec.Template.Spec.Containers);

    internal static int? ContainerPort(V1Container container, IntOrString port) =>
        int.TryParse(port.Value, out var number) ? number : container.Ports?.SingleOrDefault(p => p.Name == port.Value)?.ContainerPort;

    internal static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels) =>
        selector is not null
        && (selector.MatchLabels ?? new Dictionary<string, string>()).All(l => labels.Label(l.Key) == l.Value)
        && (selector.MatchExpressions ?? []).All(e => e.OperatorProperty switch
        {
            "In" => labels?.TryGetValue(e.Key, out var v) == true && e.Values.Contains(v),
            "NotIn" => labels?.TryGetValue(e.Key, out var v) != true || !e.Values.Contains(v),
            "Exists" => labels?.ContainsKey(e.Key) == true,
            "DoesNotExist" => labels?.ContainsKey(e.Key) != true,
            _ => false,
        });

    private static V1LabelSelector SelectorOf(RenderedOverlay rendered, Workload workload) => workload.Kind switch
    {
        "Deployment" => rendered.Deployments.Single(d => d.Metadata.Name == workload.Name).Spec.Selector,
        _ => rendered.All<V1StatefulSet>().Single(s => s.Metadata.Name == workload.Name).Spec.Selector,
    };

    internal sealed record Variable(string Name, string? Value, string Source);

    /// <summary>The host container's variables: its env list and every key of the ConfigMaps it loads with envFrom.</summary>
    internal static IEnumerable<Variable> EnvironmentVariables(RenderedOverlay rendered, V1Deployment deployment)
    {
        var container = HostContainer(deployment);
        foreach (var source in container.EnvFrom ?? [])
        {
            Assert.Null(source.Prefix);
            if (source.ConfigMapRef is { } reference)
            {
                foreach (var (key, value) in rendered.ConfigMap(reference.Name).Data ?? new Dictionary<string, string>())
                {
                    yield return new Variable(key, value, $"ConfigMap {reference.Name}");
                }
            }
            else
            {
                Assert.Fail($"{deployment.Metadata.Name}: envFrom a Secret hides which keys the host gets; name each with secretKeyRef");
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            yield return new Variable(variable.Name, variable.Value, variable.ValueFrom?.SecretKeyRef is { } secret ? $"Secret {secret.Name}" : "env");
        }
    }
}

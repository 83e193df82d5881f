using k8s.Models;

namespace FlashSale.Deployment.Tests.Kubernetes;

/// <summary>
/// Who may connect to whom, read from the rendered NetworkPolicies: nothing is open by default, only the gateway
/// takes traffic from outside, the services only from the hosts that call them, the servers only from hosts.
/// </summary>
public sealed class NetworkPolicyTests
{
    public static TheoryData<string> Overlays() => [RenderedOverlay.Dev, RenderedOverlay.Prod];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Ingress_is_denied_unless_a_policy_allows_it(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);

        Assert.Contains(rendered.All<V1NetworkPolicy>(), p =>
            p.Spec.PodSelector.MatchLabels is null or { Count: 0 } && p.Spec.PodSelector.MatchExpressions is null or { Count: 0 }
            && p.Spec.PolicyTypes.Contains("Ingress") && p.Spec.Ingress is null or { Count: 0 });
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Only_the_gateway_takes_traffic_from_outside_the_namespace(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var open = (
            from policy in rendered.All<V1NetworkPolicy>()
            from rule in policy.Spec.Ingress ?? []
            where rule.FromProperty is null or { Count: 0 } || rule.FromProperty.Any(peer => peer.PodSelector is null)
            from workload in Selected(rendered, policy.Spec.PodSelector)
            select workload.Name).Distinct().ToList();

        Assert.Equal(["gateway"], open);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_pod_that_listens_is_reachable_by_someone_and_every_peer_exists(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        foreach (var policy in rendered.All<V1NetworkPolicy>().Where(p => p.Spec.Ingress is { Count: > 0 }))
        {
            Assert.True(Selected(rendered, policy.Spec.PodSelector).Any(), $"{overlay}: NetworkPolicy {policy.Metadata.Name} selects no pod");
            foreach (var peer in policy.Spec.Ingress.SelectMany(r => r.FromProperty ?? []).Where(p => p.PodSelector is not null))
            {
                Assert.True(Selected(rendered, peer.PodSelector).Any(), $"{overlay}: NetworkPolicy {policy.Metadata.Name} admits a peer that selects no pod");
            }
        }

        // Every Service's pods accept its ports from someone, or the Service would be dead behind the default deny.
        foreach (var service in rendered.All<V1Service>())
        {
            var pods = rendered.Workloads.Where(w => service.Spec.Selector.All(l => w.Template.Metadata.Labels.Label(l.Key) == l.Value)).ToList();
            var allowedPorts = rendered.All<V1NetworkPolicy>()
                .Where(p => pods.Any(w => HostDeploymentTests.Matches(p.Spec.PodSelector, w.Template.Metadata.Labels)))
                .SelectMany(p => p.Spec.Ingress ?? []).SelectMany(r => r.Ports ?? []).Select(p => p.Port.Value).ToHashSet();
            var unreachable = service.Spec.Ports.Where(p => p.Name is not ("management" or "ui" or "web"))
                .Where(p => !allowedPorts.Contains(p.TargetPort?.Value ?? p.Port.ToString()) && !allowedPorts.Contains(p.Port.ToString()))
                .Select(p => p.Name).ToList();
            Assert.True(unreachable.Count == 0, $"{overlay}: Service {service.Metadata.Name} port(s) {string.Join(", ", unreachable)} admit no one");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Servers_accept_only_the_hosts(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var servers = rendered.Workloads.Where(w => w.Template.Metadata.Labels.Label("app.kubernetes.io/component") == "datastore").ToList();
        Assert.NotEmpty(servers);

        foreach (var policy in rendered.All<V1NetworkPolicy>().Where(p => p.Spec.Ingress is { Count: > 0 }))
        {
            if (!Selected(rendered, policy.Spec.PodSelector).Any(servers.Contains))
            {
                continue;
            }

            var peers = policy.Spec.Ingress.SelectMany(r => r.FromProperty ?? []).SelectMany(p => Selected(rendered, p.PodSelector)).ToList();
            Assert.NotEmpty(peers);
            Assert.All(peers, peer => Assert.True(peer.Template.Metadata.Labels.Label("app.kubernetes.io/component") == "host",
                $"{overlay}: NetworkPolicy {policy.Metadata.Name} lets {peer} reach a server"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Each_service_accepts_only_the_hosts_that_call_it(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        // The gateway routes to all four services; order reads one reservation from inventory. No other host calls another.
        var callers = new Dictionary<string, string[]>
        {
            ["inventory"] = ["gateway", "order"],
            ["order"] = ["gateway"],
            ["payment"] = ["gateway"],
            ["wallet"] = ["gateway"],
        };

        foreach (var (service, expected) in callers)
        {
            var admitted = (
                from policy in rendered.All<V1NetworkPolicy>()
                where Selected(rendered, policy.Spec.PodSelector).Any(w => w.Name == service)
                from rule in policy.Spec.Ingress ?? []
                from peer in rule.FromProperty ?? []
                from workload in Selected(rendered, peer.PodSelector)
                select workload.Name).Distinct().Order(StringComparer.Ordinal);

            Assert.Equal(expected, admitted);
        }
    }

    private static IEnumerable<Workload> Selected(RenderedOverlay rendered, V1LabelSelector? selector) =>
        selector is null ? [] : rendered.Workloads.Where(w => HostDeploymentTests.Matches(selector, w.Template.Metadata.Labels));
}

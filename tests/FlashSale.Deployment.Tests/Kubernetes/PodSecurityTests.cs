using k8s.Models;

namespace FlashSale.Deployment.Tests.Kubernetes;

/// <summary>
/// Both overlays' namespaces enforce the "restricted" Pod Security Standard, so every pod, servers and telemetry
/// included, must meet it or admission refuses it: checked here, before a cluster would.
/// </summary>
public sealed class PodSecurityTests
{
    public static TheoryData<string> Overlays() => [RenderedOverlay.Dev, RenderedOverlay.Prod];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_namespace_enforces_the_restricted_standard(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var ns = Assert.Single(rendered.All<V1Namespace>());

        Assert.Equal("restricted", ns.Metadata.Labels?.Label("pod-security.kubernetes.io/enforce"));
        Assert.All(rendered.Objects.OfType<k8s.IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace),
            o => Assert.Equal(ns.Metadata.Name, o.Metadata.NamespaceProperty));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_pod_meets_the_restricted_standard(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        foreach (var workload in rendered.Workloads)
        {
            var pod = workload.Template.Spec;
            Assert.False(pod.HostNetwork == true || pod.HostPID == true || pod.HostIPC == true, $"{overlay}: {workload} shares a host namespace");
            Assert.DoesNotContain(pod.Volumes ?? [], v => v.HostPath is not null);
            foreach (var container in workload.Containers)
            {
                var where = $"{overlay}: {workload} container {container.Name}";
                var context = container.SecurityContext;
                Assert.True((context?.RunAsNonRoot ?? pod.SecurityContext?.RunAsNonRoot) == true, $"{where} may run as root");
                Assert.True((context?.RunAsUser ?? pod.SecurityContext?.RunAsUser) is > 0, $"{where} names no non-root uid (a named USER cannot be verified as non-root)");
                Assert.True(context?.AllowPrivilegeEscalation == false, $"{where} allows privilege escalation");
                Assert.True(context?.Privileged != true, $"{where} is privileged");
                Assert.True(context?.Capabilities?.Drop?.Contains("ALL") == true && context.Capabilities.Add is null or { Count: 0 }, $"{where} keeps capabilities");
                Assert.True((context?.SeccompProfile ?? pod.SecurityContext?.SeccompProfile)?.Type is "RuntimeDefault" or "Localhost", $"{where} has no seccomp profile");
            }
        }
    }
}

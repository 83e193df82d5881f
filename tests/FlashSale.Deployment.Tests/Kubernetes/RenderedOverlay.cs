using System.Collections.Concurrent;
using FlashSale.Deployment.Tests.Support;
using FlashSale.Testing;
using k8s;
using k8s.Models;

namespace FlashSale.Deployment.Tests.Kubernetes;

/// <summary>A pod template with the workload that owns it: a Deployment, a StatefulSet or a Job.</summary>
public sealed record Workload(string Kind, string Name, V1ObjectMeta Metadata, V1PodTemplateSpec Template, int? Replicas)
{
    public IEnumerable<V1Container> Containers => Template.Spec.Containers.Concat(Template.Spec.InitContainers ?? []);

    public override string ToString() => $"{Kind}/{Name}";
}

/// <summary>
/// One overlay as `kubectl kustomize k8s/overlays/NAME` renders it, every document read into KubernetesClient's typed
/// models (V1Deployment, V1NetworkPolicy, ...). The rendering is what `kubectl apply -k` would send to a cluster.
/// </summary>
public sealed class RenderedOverlay
{
    public const string Dev = "dev";
    public const string Prod = "prod";

    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedOverlay>>> Renders = new();

    private static readonly Dictionary<string, Type> CustomResources = new() { [ExternalSecret.ApiVersionAndKind] = typeof(ExternalSecret) };

    private RenderedOverlay(string name, string yaml)
    {
        Name = name;
        Yaml = yaml;
        Objects = KubernetesYaml.LoadAllFromString(yaml, CustomResources, strict: true);
    }

    public string Name { get; }
    public string Yaml { get; }
    public IReadOnlyList<object> Objects { get; }

    public string Folder => Path.Combine("k8s", "overlays", Name);

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public IEnumerable<V1Deployment> Deployments => All<V1Deployment>();

    /// <summary>The five hosts' Deployments (label app.kubernetes.io/component=host).</summary>
    public IEnumerable<V1Deployment> HostDeployments => Deployments.Where(d => d.Metadata.Labels?.Label("app.kubernetes.io/component") == "host");

    public IEnumerable<Workload> Workloads =>
        Deployments.Select(d => new Workload("Deployment", d.Metadata.Name, d.Metadata, d.Spec.Template, d.Spec.Replicas))
            .Concat(All<V1StatefulSet>().Select(s => new Workload("StatefulSet", s.Metadata.Name, s.Metadata, s.Spec.Template, s.Spec.Replicas)))
            .Concat(All<V1Job>().Select(j => new Workload("Job", j.Metadata.Name, j.Metadata, j.Spec.Template, null)));

    public V1ConfigMap ConfigMap(string name) =>
        All<V1ConfigMap>().SingleOrDefault(c => c.Metadata.Name == name) ?? throw new InvalidOperationException($"{Name}: no ConfigMap {name}");

    public static Task<RenderedOverlay> OfAsync(string overlay) =>
        Renders.GetOrAdd(overlay, name => new Lazy<Task<RenderedOverlay>>(() => RenderAsync(name))).Value;

    private static async Task<RenderedOverlay> RenderAsync(string overlay)
    {
        var result = await Tool.RunAsync("kubectl", "./flashsale.sh test installs the kubectl package (apt-get install kubectl)",
            "kustomize", $"k8s/overlays/{overlay}");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize k8s/overlays/{overlay} failed ({result.ExitCode}):\n{result.Errors}");
        }

        return new RenderedOverlay(overlay, result.Output);
    }
}

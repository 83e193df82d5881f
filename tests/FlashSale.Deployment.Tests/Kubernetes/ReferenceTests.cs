using FlashSale.Deployment.Tests.Support;
using FlashSale.Testing;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace FlashSale.Deployment.Tests.Kubernetes;

/// <summary>What the pods refer to exists in the same rendering: Secrets and their keys, ConfigMaps, images.</summary>
public sealed class ReferenceTests
{
    public static TheoryData<string> Overlays() => [RenderedOverlay.Dev, RenderedOverlay.Prod];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_secret_key_a_pod_reads_is_provided_by_the_overlay(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        // A Secret in the rendering (dev: generated from the public dev values) or one an ExternalSecret creates (prod).
        var provided = rendered.All<V1Secret>()
            .SelectMany(s => (s.Data?.Keys ?? []).Concat(s.StringData?.Keys ?? []).Select(k => (s.Metadata.Name, k)))
            .Concat(rendered.All<ExternalSecret>().SelectMany(e => e.Spec.Data.Select(d => (e.Spec.Target.Name, d.SecretKey))))
            .ToHashSet();

        var references = SecretReferences(rendered).ToList();
        var missing = references.Where(r => !provided.Contains((r.Secret, r.Key))).Select(r => $"{r.Workload} reads {r.Secret}/{r.Key}").ToList();

        Assert.NotEmpty(references);
        Assert.True(missing.Count == 0, $"{overlay}: Secret keys nothing provides:\n{string.Join('\n', missing)}");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_config_map_a_pod_uses_is_in_the_overlay(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var names = rendered.All<V1ConfigMap>().Select(c => c.Metadata.Name).ToHashSet();
        var used = rendered.Workloads.SelectMany(w =>
            w.Containers.SelectMany(c => (c.EnvFrom ?? []).Select(e => e.ConfigMapRef?.Name))
                .Concat(w.Containers.SelectMany(c => (c.Env ?? []).Select(e => e.ValueFrom?.ConfigMapKeyRef?.Name)))
                .Concat((w.Template.Spec.Volumes ?? []).Select(v => v.ConfigMap?.Name))
                .OfType<string>()
                .Select(name => (Workload: w, Name: name)));

        Assert.All(used, u => Assert.True(names.Contains(u.Name), $"{overlay}: {u.Workload} uses ConfigMap {u.Name}, which the overlay does not render"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_host_image_is_set_by_the_overlays_kustomization_and_every_other_image_is_pinned(string overlay)
    {
        var rendered = await RenderedOverlay.OfAsync(overlay);
        var set = ImagesOf(Path.Combine(RepositoryRoot.Path, rendered.Folder, "kustomization.yaml"));

        foreach (var host in HostProjects.All)
        {
            Assert.True(set.TryGetValue($"flashsale/{host.Name}", out var image), $"{overlay}: kustomization.yaml sets no image for flashsale/{host.Name}");
            var deployment = Assert.Single(rendered.HostDeployments, d => d.Metadata.Name == host.Name);
            Assert.Equal(image, HostDeploymentTests.HostContainer(deployment).Image);
        }

        var images = rendered.Workloads.SelectMany(w => w.Containers.Select(c => (Workload: w, c.Image))).ToList();
        Assert.All(images, i => Assert.True(
            i.Image.Contains('@', StringComparison.Ordinal) || (i.Image.LastIndexOf(':') > i.Image.LastIndexOf('/') && !i.Image.EndsWith(":latest", StringComparison.Ordinal)),
            $"{overlay}: {i.Workload} runs {i.Image}, which names no fixed version"));
    }

    internal sealed record SecretReference(Workload Workload, string Secret, string Key);

    internal static IEnumerable<SecretReference> SecretReferences(RenderedOverlay rendered)
    {
        foreach (var workload in rendered.Workloads)
        {
            foreach (var container in workload.Containers)
            {
                Assert.DoesNotContain(container.EnvFrom ?? [], e => e.SecretRef is not null);
                foreach (var variable in (container.Env ?? []).Where(v => v.ValueFrom?.SecretKeyRef is not null))
                {
                    yield return new SecretReference(workload, variable.ValueFrom.SecretKeyRef.Name, variable.ValueFrom.SecretKeyRef.Key);
                }
            }

            foreach (var volume in (workload.Template.Spec.Volumes ?? []).Where(v => v.Secret is not null))
            {
                foreach (var item in volume.Secret.Items ?? [])
                {
                    yield return new SecretReference(workload, volume.Secret.SecretName, item.Key);
                }
            }
        }
    }

    /// <summary>The `images:` of a kustomization.yaml, as the image each name becomes (newName:newTag or @digest).</summary>
    private static Dictionary<string, string> ImagesOf(string kustomization)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(kustomization)));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.Children.TryGetValue(new YamlScalarNode("images"), out var list))
        {
            return images;
        }

        foreach (var entry in ((YamlSequenceNode)list).Children.Cast<YamlMappingNode>())
        {
            string? Field(string name) => entry.Children.TryGetValue(new YamlScalarNode(name), out var value) ? ((YamlScalarNode)value).Value : null;
            var name = Field("name")!;
            var image = Field("newName") ?? name;
            images[name] = Field("digest") is { } digest ? $"{image}@{digest}" : $"{image}:{Field("newTag")}";
        }

        return images;
    }
}

using k8s;
using k8s.Models;

namespace FlashSale.Deployment.Tests.Kubernetes;

/// <summary>
/// The External Secrets Operator's ExternalSecret (external-secrets.io/v1), as far as these checks read it: which
/// Secret it creates (target.name) and with which keys (data[].secretKey). KubernetesClient has no model for it.
/// </summary>
public sealed class ExternalSecret : IKubernetesObject<V1ObjectMeta>
{
    public const string ApiVersionAndKind = "external-secrets.io/v1/ExternalSecret";

    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public V1ObjectMeta Metadata { get; set; } = new();
    public ExternalSecretSpec Spec { get; set; } = new();
}

public sealed class ExternalSecretSpec
{
    public string RefreshInterval { get; set; } = "";
    public ExternalSecretStoreRef SecretStoreRef { get; set; } = new();
    public ExternalSecretTarget Target { get; set; } = new();
    public List<ExternalSecretData> Data { get; set; } = [];
}

public sealed class ExternalSecretStoreRef
{
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
}

public sealed class ExternalSecretTarget
{
    public string Name { get; set; } = "";
    public string CreationPolicy { get; set; } = "";
}

public sealed class ExternalSecretData
{
    public string SecretKey { get; set; } = "";
    public ExternalSecretRemoteRef RemoteRef { get; set; } = new();
}

public sealed class ExternalSecretRemoteRef
{
    public string Key { get; set; } = "";
    public string Property { get; set; } = "";
}

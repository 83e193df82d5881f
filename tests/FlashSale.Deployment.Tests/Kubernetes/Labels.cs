namespace FlashSale.Deployment.Tests.Kubernetes;

public static class Labels
{
    /// <summary>A label's value, or null (the models' label maps are IDictionary, which has no GetValueOrDefault).</summary>
    public static string? Label(this IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : null;
}

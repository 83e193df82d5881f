using FlashSale.Testing;

namespace FlashSale.Deployment.Tests.Support;

/// <summary>One deployable host: a web project of the repository, named as its Deployment, Service and image are.</summary>
public sealed record HostProject(string Name, string ProjectFolder)
{
    /// <summary>The folder relative to the repository root, as the Dockerfile's PROJECT build argument takes it.</summary>
    public string RelativeFolder => Path.GetRelativePath(RepositoryRoot.Path, ProjectFolder).Replace('\\', '/');

    public string AssemblyName => Path.GetFileName(ProjectFolder);

    public string AssemblyPath => Path.Combine(ProjectFolder, "bin", RepositoryRoot.BuildConfiguration, "net10.0", AssemblyName + ".dll");
}

/// <summary>
/// The hosts, read from the repository rather than listed: every project under gateway/ and services/ built with the
/// web SDK. FlashSale.Order becomes "order", the name of its Deployment, Service, ConfigMap and image.
/// </summary>
public static class HostProjects
{
    private static readonly string[] Roots = ["gateway", "services"];

    public static IReadOnlyList<HostProject> All { get; } = Find();

    public static HostProject Named(string name) =>
        All.SingleOrDefault(h => h.Name == name) ?? throw new InvalidOperationException($"No host project is named {name}.");

    private static List<HostProject> Find() =>
        (from root in Roots
         from csproj in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, root), "FlashSale.*.csproj", SearchOption.AllDirectories)
         where !csproj.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
             && File.ReadAllText(csproj).Contains("Sdk=\"Microsoft.NET.Sdk.Web\"", StringComparison.Ordinal)
         let folder = Path.GetDirectoryName(csproj)!
         select new HostProject(Path.GetFileNameWithoutExtension(csproj)["FlashSale.".Length..].ToLowerInvariant(), folder))
        .OrderBy(h => h.Name, StringComparer.Ordinal)
        .ToList();
}

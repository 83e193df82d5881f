namespace FlashSale.Testing;

/// <summary>The checkout the tests run from, and the build configuration they were built in.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>Release or Debug: whatever this test assembly was built as, so hosts match it.</summary>
    public static string BuildConfiguration { get; } =
        AppContext.BaseDirectory.Contains($"{System.IO.Path.DirectorySeparatorChar}Release{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FlashSale.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No FlashSale.sln above {AppContext.BaseDirectory}.");
    }
}

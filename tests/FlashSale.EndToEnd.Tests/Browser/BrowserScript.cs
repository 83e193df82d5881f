using System.Text.Json;
using FlashSale.Testing;

namespace FlashSale.EndToEnd.Tests.Browser;

/// <summary>
/// A script of tests/browser run with node: it drives Debian's Chromium (playwright-core, installed from
/// tests/browser/package-lock.json on first use) and prints one JSON line of what the pages showed.
/// </summary>
public static class BrowserScript
{
    private static readonly string Directory = Path.Combine(RepositoryRoot.Path, "tests", "browser");
    private const string InstallHint = "./flashsale.sh test installs nodejs, npm and chromium (apt)";
    private static readonly SemaphoreSlim Install = new(1, 1);

    /// <summary>Where screenshots go: FLASHSALE_SCREENSHOTS (./flashsale.sh screenshots sets docs/screenshots), else a temporary folder.</summary>
    public static string ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("FLASHSALE_SCREENSHOTS") is { Length: > 0 } chosen
        ? Path.GetFullPath(chosen, RepositoryRoot.Path)
        : Path.Combine(Path.GetTempPath(), "flashsale-screenshots");

    public static async Task<JsonElement> RunAsync(string script, TimeSpan timeout, params string[] arguments)
    {
        await EnsureInstalledAsync();
        var (exitCode, output, errors) = await Tool.RunInAsync(Directory, timeout, "node", InstallHint, [script, .. arguments]);
        Assert.True(exitCode == 0, $"node {script} exited {exitCode}:\n{errors}\n{output}");
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"node {script} printed nothing:\n{errors}");
        var seen = JsonDocument.Parse(line).RootElement.Clone();
        Assert.False(seen.TryGetProperty("error", out var error), $"the browser script failed: {error}\nseen: {line}");
        return seen;
    }

    private static async Task EnsureInstalledAsync()
    {
        await Install.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(Directory, "node_modules", "playwright-core", "package.json")))
            {
                return;
            }

            var (exitCode, output, errors) = await Tool.RunInAsync(Directory, TimeSpan.FromMinutes(5), "npm", InstallHint, "ci", "--no-audit", "--no-fund");
            Assert.True(exitCode == 0, $"npm ci in tests/browser failed ({exitCode}):\n{errors}\n{output}");
        }
        finally
        {
            Install.Release();
        }
    }
}

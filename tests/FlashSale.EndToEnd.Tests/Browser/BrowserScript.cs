using System.Diagnostics;
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
    private static readonly SemaphoreSlim Install = new(1, 1);

    /// <summary>Where screenshots go: FLASHSALE_SCREENSHOTS (./flashsale.sh screenshots sets docs/screenshots), else a temporary folder.</summary>
    public static string ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("FLASHSALE_SCREENSHOTS") is { Length: > 0 } chosen
        ? Path.GetFullPath(chosen, RepositoryRoot.Path)
        : Path.Combine(Path.GetTempPath(), "flashsale-screenshots");

    public static async Task<JsonElement> RunAsync(string script, TimeSpan timeout, params string[] arguments)
    {
        await EnsureInstalledAsync();
        var (exitCode, output, errors) = await RunAsync("node", [script, .. arguments], timeout);
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

            var (exitCode, output, errors) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            Assert.True(exitCode == 0, $"npm ci in tests/browser failed ({exitCode}):\n{errors}\n{output}");
        }
        finally
        {
            Install.Release();
        }
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string command, string[] arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{command} is not installed ({e.Message}); ./flashsale.sh test installs nodejs, npm and chromium", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{command} {string.Join(' ', arguments)} ran longer than {timeout.TotalSeconds:0} s:\n{await errors}");
            }

            return (process.ExitCode, await output, await errors);
        }
    }
}

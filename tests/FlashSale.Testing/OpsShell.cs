using System.Diagnostics;
using Xunit;

namespace FlashSale.Testing;

/// <summary>The project's shell settings (ops/config.sh), as a test reads them: one bash, config sourced, one command.</summary>
public static class OpsShell
{
    /// <summary>Runs <paramref name="command"/> after sourcing ops/config.sh in the repository root; its trimmed output.</summary>
    public static async Task<string> RunAsync(string command)
    {
        var info = new ProcessStartInfo("bash", ["-c", $"source ops/config.sh && {command}"])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
        };
        using var shell = Process.Start(info)!;
        var output = await shell.StandardOutput.ReadToEndAsync();
        await shell.WaitForExitAsync();
        Assert.Equal(0, shell.ExitCode);
        return output.Trim();
    }
}

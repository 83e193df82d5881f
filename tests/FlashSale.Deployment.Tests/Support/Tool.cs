using System.ComponentModel;
using System.Diagnostics;
using FlashSale.Testing;

namespace FlashSale.Deployment.Tests.Support;

/// <summary>
/// Runs a command-line tool the deployment checks need (kubectl, docker-compose) from the repository root. A tool that
/// is not installed fails the test with a message naming it and how ./flashsale.sh test installs it: xunit 2 has no
/// run-time skip, and a check that silently passed without its tool would prove nothing.
/// </summary>
public static class Tool
{
    public sealed record Result(int ExitCode, string Output, string Errors);

    public static async Task<Result> RunAsync(string tool, string installHint, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool)
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is not installed ({e.Message}): {installHint}", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await Task.WhenAll(output, errors, process.WaitForExitAsync());
            return new Result(process.ExitCode, await output, await errors);
        }
    }
}

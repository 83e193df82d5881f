using System.ComponentModel;
using System.Diagnostics;

namespace FlashSale.Testing;

/// <summary>
/// Runs a command-line tool a test needs (kubectl, docker-compose, node, npm), from the repository root or a folder of
/// it. A tool that is not installed fails the test with a message naming it and how ./flashsale.sh test installs it:
/// xunit 2 has no run-time skip, and a check that silently passed without its tool would prove nothing.
/// </summary>
public static class Tool
{
    public sealed record Result(int ExitCode, string Output, string Errors);

    public static Task<Result> RunAsync(string tool, string installHint, params string[] arguments) =>
        RunInAsync(RepositoryRoot.Path, Timeout.InfiniteTimeSpan, tool, installHint, arguments);

    /// <summary>Runs the tool in <paramref name="directory"/>; past <paramref name="timeout"/> it is killed and the test fails.</summary>
    public static Task<Result> RunInAsync(string directory, TimeSpan timeout, string tool, string installHint, params string[] arguments) =>
        RunAsync(directory, timeout, null, tool, installHint, arguments);

    /// <summary>Runs the tool from the repository root with <paramref name="input"/> on its standard input (then closed).</summary>
    public static Task<Result> RunWithInputAsync(string input, string tool, string installHint, params string[] arguments) =>
        RunAsync(RepositoryRoot.Path, Timeout.InfiniteTimeSpan, input, tool, installHint, arguments);

    private static async Task<Result> RunAsync(string directory, TimeSpan timeout, string? input, string tool, string installHint, string[] arguments)
    {
        var info = new ProcessStartInfo(tool, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input);
                process.StandardInput.Close();
            }

            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{tool} {string.Join(' ', arguments)} ran longer than {timeout.TotalSeconds:0} s:\n{await errors}");
            }

            return new Result(process.ExitCode, await output, await errors);
        }
    }
}

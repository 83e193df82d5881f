using System.Diagnostics;
using System.Globalization;

namespace FlashSale.LoadDriver.Scenarios.Chaos;

/// <summary>What one fault did: when it ended (the server back, or the instance killed), null if it has no such instant.</summary>
public sealed record FaultOutcome(int ExitCode, DateTimeOffset? BackAt, IReadOnlyList<string> Output);

/// <summary>
/// Runs the shell command that injects faults (flashsale.sh chaos-fault): "&lt;command&gt; &lt;fault&gt; prepare|inject|cleanup".
/// The inject action prints "back &lt;unix milliseconds&gt;" the moment the fault is over (the server accepts connections
/// again, or the killed instance is gone and the rest must carry the load), then may go on (restarting what it killed)
/// before it exits; the driver reads that line as it comes.
/// </summary>
public sealed class FaultCommand(string command)
{
    public async Task<FaultOutcome> RunAsync(string fault, string action, Action<DateTimeOffset>? onBack, CancellationToken ct)
    {
        var start = new ProcessStartInfo("bash", ["-c", $"{command} {fault} {action}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new Cli.SetupException($"cannot start the fault command: {command}");
        var output = new List<string>();
        DateTimeOffset? back = null;
        while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
        {
            output.Add(line);
            if (line.StartsWith("back ", StringComparison.Ordinal)
                && long.TryParse(line.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                back = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                onBack?.Invoke(back.Value);
            }
            else
            {
                Console.Error.WriteLine($"    [{fault} {action}] {line}");
            }
        }

        await process.WaitForExitAsync(ct);
        return new FaultOutcome(process.ExitCode, back, output);
    }
}

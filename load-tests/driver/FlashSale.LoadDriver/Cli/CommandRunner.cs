using System.Globalization;
using System.Text;

namespace FlashSale.LoadDriver.Cli;

/// <summary>Picks the subcommand, parses its options, prints help and usage errors, maps Ctrl+C to cancellation.</summary>
public static class CommandRunner
{
    public static async Task<int> RunAsync(IReadOnlyList<ICommand> commands, string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.Out.Write(Overview(commands));
            return args.Length == 0 ? 2 : 0;
        }

        var command = commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            Console.Error.WriteLine($"error: unknown command '{args[0]}' (commands: {string.Join(", ", commands.Select(c => c.Name))})");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            var options = ParsedOptions.Parse(command.Options, args[1..]);
            if (options.HelpRequested)
            {
                Console.Out.Write(Help(command));
                return 0;
            }

            return await command.RunAsync(options, cancel.Token);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {command.Name}: {e.Message} (see: {command.Name} --help)");
            return 2;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (SetupException e)
        {
            Console.Error.WriteLine($"error: {command.Name}: {e.Message}");
            return 3;
        }
    }

    public static string Overview(IReadOnlyList<ICommand> commands)
    {
        var text = new StringBuilder("FlashSale load driver: load through the gateway, measured without coordinated omission.\n\ncommands:\n");
        foreach (var command in commands)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {command.Name,-12} {command.Summary}\n");
        }

        return text.Append("\n<command> --help lists its options.\n").ToString();
    }

    public static string Help(ICommand command)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{command.Name}: {command.Summary}\n\noptions:\n");
        foreach (var option in command.Options)
        {
            var name = $"--{option.Name} <value>";
            var suffix = option.Default is null ? "" : $" (default: {option.Default})";
            var repeat = option.Repeatable ? " (repeatable)" : "";
            text.Append(CultureInfo.InvariantCulture, $"  {name,-28} {option.Description}{suffix}{repeat}\n");
        }

        return text.ToString();
    }
}

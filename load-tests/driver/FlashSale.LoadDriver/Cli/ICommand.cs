namespace FlashSale.LoadDriver.Cli;

/// <summary>A subcommand: its name, one line for the overview, its options, and what it does.</summary>
public interface ICommand
{
    string Name { get; }

    string Summary { get; }

    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>Returns the process exit code: 0 when the run did what it claims, 1 when a check failed.</summary>
    Task<int> RunAsync(ParsedOptions options, CancellationToken ct);
}

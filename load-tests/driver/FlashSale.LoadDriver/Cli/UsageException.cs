namespace FlashSale.LoadDriver.Cli;

/// <summary>A mistake in the command line: printed as one line with a pointer to --help, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

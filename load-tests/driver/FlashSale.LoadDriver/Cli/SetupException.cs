namespace FlashSale.LoadDriver.Cli;

/// <summary>The system under test refused a setup step (creating the sale, issuing tokens): nothing was measured.</summary>
public sealed class SetupException(string message) : Exception(message);

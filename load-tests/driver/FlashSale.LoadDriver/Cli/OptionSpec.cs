namespace FlashSale.LoadDriver.Cli;

/// <summary>One option a command accepts; <see cref="Default"/> is shown in --help and used when it is absent.</summary>
public sealed record OptionSpec(string Name, string Description, string? Default = null, bool Repeatable = false)
{
    public static OptionSpec Many(string name, string description) => new(name, description, Repeatable: true);
}

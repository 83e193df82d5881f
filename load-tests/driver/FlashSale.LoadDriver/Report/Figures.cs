using FlashSale.LoadDriver.Results;

namespace FlashSale.LoadDriver.Report;

/// <summary>A rate the report shows: the per-second count of one answer in the runs of one scenario.</summary>
public sealed record Figure(string Name, string Scenario, string Answer);

/// <summary>
/// The figures of the report. Each per-strategy figure is shown for every subject (stock strategy) that
/// has runs of its scenario, as a ratio to the pass-through baseline and to postgres-row-lock.
/// To add one (orders settled/s once the saga exists): a command that writes runs of a new scenario
/// whose answers count the settled orders, and one entry in <see cref="PerStrategy"/>.
/// </summary>
public static class Figures
{
    /// <summary>The strategy the others are compared with: the plain PostgreSQL row lock.</summary>
    public const string ReferenceStrategy = "postgres-row-lock";

    public static readonly Figure Baseline = new("pass-through requests/s", ScenarioNames.Baseline, "200");

    /// <summary>The bench's bare YARP pass-through (tools/FlashSale.Ceiling): the most a proxy hop does here.</summary>
    public static readonly Figure Ceiling = new("bare YARP pass-through requests/s", ScenarioNames.Ceiling, "200");

    public static readonly IReadOnlyList<Figure> PerStrategy =
    [
        new("admitted purchases/s", ScenarioNames.Admitted, "202"),
        new("sold-out rejections/s", ScenarioNames.SoldOut, "409 sold-out"),
        new("cached sale views/s", ScenarioNames.SaleView, "200"),
        new("purchase tokens/s, no human check", ScenarioNames.Tokens, "200"),
        new("purchase tokens/s, proof-of-work checked", ScenarioNames.TokensProofOfWork, "200"),
    ];
}

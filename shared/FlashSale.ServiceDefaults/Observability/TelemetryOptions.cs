namespace FlashSale.ServiceDefaults.Observability;

/// <summary>Bound from "Telemetry".</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// New traces a process starts per second at most (its own roots; traces that arrive from another host follow the
    /// sender's decision). 0 keeps every trace, e.g. to debug one flow under load.
    /// </summary>
    public double TracesPerSecond { get; set; } = 5;
}

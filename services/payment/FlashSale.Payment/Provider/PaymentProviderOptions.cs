namespace FlashSale.Payment.Provider;

/// <summary>
/// Bound from "Payment:Provider": how the simulated provider behaves, for tests and demos. The defaults
/// (no latency, no failures, no rules) capture every payment at once. Changes in appsettings apply
/// without a restart.
/// </summary>
public sealed class PaymentProviderOptions
{
    public const string Section = "Payment:Provider";

    /// <summary>How long each capture takes (0..60000 ms), like a real provider's round trip.</summary>
    public int LatencyMilliseconds { get; set; }

    /// <summary>Share of captures that fail at random (0..1), after the deterministic rules below.</summary>
    public double FailureRate { get; set; }

    /// <summary>Deterministic rule: captures of more than this amount are declined (<c>amount-over-limit</c>).</summary>
    public decimal? DeclineAmountsAbove { get; set; }

    /// <summary>Deterministic rule: captures for user ids starting with this prefix are declined (<c>card-declined</c>).</summary>
    public string? DeclineUserIdsStartingWith { get; set; }
}

using System.Diagnostics;
using OpenTelemetry.Trace;

namespace FlashSale.ServiceDefaults.Observability;

/// <summary>
/// Decides for the root span of a trace; children follow their parent's decision (also across the broker, where the
/// message carries the parent's sampled flag), so a trace is kept or dropped whole.
/// <list type="bullet">
/// <item>Client calls made outside any work are dropped: the relays' and sweepers' polls of PostgreSQL and Redis, several
/// a second per host, would otherwise each become a trace of one span and bury the purchases on the dashboard.</item>
/// <item>Every other root (a request, a consumed message, a relay pass) is kept within a budget of
/// <see cref="TelemetryOptions.TracesPerSecond"/> per process: a quiet system keeps every trace, a flash sale keeps a
/// steady sample. Recording and exporting every purchase and saga step cost more CPU than a settled order's whole saga
/// (measured: the dashboard alone used an eighth of the machine during the bench's settle run).</item>
/// </list>
/// </summary>
public sealed class BackgroundCallSampler(TraceBudget budget) : Sampler
{
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    public static Sampler Create(TraceBudget budget) => new ParentBasedSampler(new BackgroundCallSampler(budget));

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind != ActivityKind.Client && budget.TryTake() ? Keep : Drop;
}

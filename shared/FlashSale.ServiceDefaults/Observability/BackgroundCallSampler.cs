using System.Diagnostics;
using OpenTelemetry.Trace;

namespace FlashSale.ServiceDefaults.Observability;

/// <summary>
/// Keeps every trace that starts with work (a request, a consumed message, a relay pass) and drops client calls made
/// outside any: the relays' and sweepers' polls of PostgreSQL and Redis, several a second per host, would otherwise
/// each become a trace of one span and bury the purchases on the dashboard. Children follow their parent's decision.
/// </summary>
public sealed class BackgroundCallSampler : Sampler
{
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    public static Sampler Create() => new ParentBasedSampler(new BackgroundCallSampler());

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == ActivityKind.Client ? Drop : Keep;
}

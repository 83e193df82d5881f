using System.Diagnostics.Metrics;

namespace FlashSale.Gateway.RateLimiting;

/// <summary>
/// The gateway's own instruments (meter "FlashSale.Gateway"). ASP.NET Core already counts permitted and
/// rejected requests per policy; these add which limit refused and how often Redis was bypassed.
/// </summary>
public sealed class RateLimitingMetrics
{
    public const string MeterName = "FlashSale.Gateway";

    private readonly Counter<long> _rejections;
    private readonly Counter<long> _localDecisions;

    public RateLimitingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _rejections = meter.CreateCounter<long>("flashsale.rate_limit.rejections", description: "Requests answered 429, by policy and by the limit they exceeded.");
        _localDecisions = meter.CreateCounter<long>("flashsale.rate_limit.local_decisions", description: "Rate-limit decisions made on this replica's counters because Redis did not answer.");
    }

    public void Rejected(string policy, LimitScope scope) => _rejections.Add(1,
        new KeyValuePair<string, object?>("policy", policy), new KeyValuePair<string, object?>("limit", LimitProblems.LimitName(scope)));

    public void DecidedLocally(string policy) => _localDecisions.Add(1, new KeyValuePair<string, object?>("policy", policy));
}

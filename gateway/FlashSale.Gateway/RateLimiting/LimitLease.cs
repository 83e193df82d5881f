using System.Threading.RateLimiting;

namespace FlashSale.Gateway.RateLimiting;

/// <summary>
/// The answer of <see cref="WindowRateLimiter"/>. A refusal carries when to retry, which limit was
/// hit and a sentence for the shopper, as lease metadata the rejection writer reads.
/// </summary>
public sealed class LimitLease : RateLimitLease
{
    /// <summary>The refused limit as the problem's "limit" member names it: per-user, per-client-ip or per-sale.</summary>
    public static readonly MetadataName<string> Limit = new("FLASHSALE_LIMIT");

    public static readonly LimitLease Passed = new(true, null, null, null);

    /// <summary>No decision yet: only Redis can tell, and asking it is asynchronous.</summary>
    public static readonly LimitLease Undecided = new(false, null, null, null);

    private readonly TimeSpan? _retryAfter;
    private readonly string? _limit;
    private readonly string? _reason;

    private LimitLease(bool isAcquired, TimeSpan? retryAfter, string? limit, string? reason)
    {
        IsAcquired = isAcquired;
        _retryAfter = retryAfter;
        _limit = limit;
        _reason = reason;
    }

    public static LimitLease Refused(TimeSpan retryAfter, string limit, string reason) => new(false, retryAfter, limit, reason);

    public override bool IsAcquired { get; }

    public override IEnumerable<string> MetadataNames =>
        _limit is null ? [] : [MetadataName.RetryAfter.Name, Limit.Name, MetadataName.ReasonPhrase.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName switch
        {
            _ when metadataName == MetadataName.RetryAfter.Name => _retryAfter,
            _ when metadataName == Limit.Name => _limit,
            _ when metadataName == MetadataName.ReasonPhrase.Name => _reason,
            _ => null,
        };
        return metadata is not null;
    }
}
